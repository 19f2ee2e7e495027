import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdableStartOffset, startOffsetOf } from './first-segment.js';

function media(start?: number): string {
  const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:1', ...(start === undefined ? [] : [`#EXT-X-START:TIME-OFFSET=${start}`])];
  for (let index = 0; index < 6; index++) lines.push('#EXTINF:1.0,', `seg_${index}.ts`);
  return `${lines.join('\n')}\n`;
}

test("the page's offset comes first, then a multivariant playlist's, then the media playlist's", () => {
  const master = '#EXTM3U\n#EXT-X-START:TIME-OFFSET=-3\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv0.m3u8\n';
  assert.equal(startOffsetOf({ playlist: media(-4), at: 0, master }, -2), -2);
  assert.equal(startOffsetOf({ playlist: media(-4), at: 0, master }, undefined), -3);
  assert.equal(startOffsetOf({ playlist: media(-4), at: 0 }, undefined), -4);
  assert.equal(startOffsetOf({ playlist: media(), at: 0 }, undefined), undefined);
});

test('a negative offset is at least one target duration from the edge; zero and positive ones count from the start, a tenth of a second into the segment', () => {
  const look = { playlist: media(), at: 0 };
  assert.equal(holdableStartOffset(look, -2), -2);
  assert.equal(holdableStartOffset(look, -0.5), -1);
  assert.equal(holdableStartOffset(look, 0), 0.1);
  assert.equal(holdableStartOffset(look, 1.5), 1.6);
  assert.equal(holdableStartOffset({ playlist: media(1), at: 0 }, undefined), 1.1);
  assert.equal(holdableStartOffset(look, undefined), undefined);
  assert.equal(holdableStartOffset({ playlist: media(-0.25), at: 0 }, undefined), -1);
});
