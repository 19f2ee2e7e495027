import assert from 'node:assert/strict';
import { test } from 'node:test';
import { playlistStartOffset, withStartOffset } from './start-offset-loader.js';

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
