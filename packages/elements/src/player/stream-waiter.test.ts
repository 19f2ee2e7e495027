import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reachesBack } from './stream-waiter.js';

/** A live media playlist of `count` one-second segments from `sequence` on. */
function playlist(count: number, { sequence = 0, start }: { sequence?: number; start?: number } = {}): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${sequence}`];
  if (start !== undefined) lines.splice(1, 0, `#EXT-X-START:TIME-OFFSET=${start}`);
  for (let index = 0; index < count; index++) lines.push('#EXTINF:1.000000,', `seg_${sequence + index}.ts`);
  return `${lines.join('\n')}\n`;
}

test("a new broadcast's playlist reaches back once it holds the start offset and one segment more", () => {
  assert.equal(reachesBack(playlist(2, { start: -2 }), undefined), false);
  assert.equal(reachesBack(playlist(3, { start: -2 }), undefined), true);
  // The page's offset comes first.
  assert.equal(reachesBack(playlist(3, { start: -2 }), -4), false);
  assert.equal(reachesBack(playlist(5, { start: -2 }), -4), true);
  // Neither: three target durations, as hls.js.
  assert.equal(reachesBack(playlist(3), undefined), false);
  assert.equal(reachesBack(playlist(4), undefined), true);
});

test('a playlist that drops segments, or lists renditions, is as long as it gets', () => {
  assert.equal(reachesBack(playlist(3, { sequence: 7, start: -30 }), undefined), true);
  assert.equal(reachesBack('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nv0.m3u8\n', -2), true);
});
