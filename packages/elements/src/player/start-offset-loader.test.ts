import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pageStartOffset, playlistStartOffset, withStartOffset } from './start-offset-loader.js';

test('replaces the playlist’s EXT-X-START, or adds one after #EXTM3U', () => {
  const withStart = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-START:TIME-OFFSET=-2.0\n#EXTINF:1,\na.ts\n';
  assert.equal(withStartOffset(withStart, -5), '#EXTM3U\n#EXT-X-START:TIME-OFFSET=-5\n#EXT-X-VERSION:3\n#EXTINF:1,\na.ts\n');
  const without = '#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:1,\na.ts\n';
  assert.equal(withStartOffset(without, -3.5), '#EXTM3U\n#EXT-X-START:TIME-OFFSET=-3.5\n#EXT-X-VERSION:3\n#EXTINF:1,\na.ts\n');
});

test('reads the TIME-OFFSET of EXT-X-START, whatever its position among the attributes', () => {
  assert.equal(playlistStartOffset('#EXTM3U\n#EXT-X-START:TIME-OFFSET=-2.0\n#EXTINF:1,\na.ts\n'), -2);
  assert.equal(playlistStartOffset('#EXTM3U\n#EXT-X-START:PRECISE=YES,TIME-OFFSET=-4.5\n'), -4.5);
  assert.equal(playlistStartOffset('#EXTM3U\n#EXTINF:1,\na.ts\n'), null);
});

test("a start offset that is absent or not a number leaves it to the playlist's EXT-X-START", () => {
  assert.equal(pageStartOffset('-2.5'), -2.5);
  assert.equal(pageStartOffset(' -4 '), -4);
  assert.equal(pageStartOffset('0'), 0);
  assert.equal(pageStartOffset(-3), -3);
  for (const value of [null, undefined, '', ' ', 'abc', '-2s', NaN, Infinity]) {
    assert.equal(pageStartOffset(value), undefined, `${String(value)}`);
  }
});
