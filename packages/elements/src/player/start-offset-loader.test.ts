import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withStartOffset } from './start-offset-loader.js';

test('replaces the playlist’s EXT-X-START, or adds one after #EXTM3U', () => {
  const withStart = '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-START:TIME-OFFSET=-2.0\n#EXTINF:1,\na.ts\n';
  assert.equal(withStartOffset(withStart, -5), '#EXTM3U\n#EXT-X-START:TIME-OFFSET=-5\n#EXT-X-VERSION:3\n#EXTINF:1,\na.ts\n');
  const without = '#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:1,\na.ts\n';
  assert.equal(withStartOffset(without, -3.5), '#EXTM3U\n#EXT-X-START:TIME-OFFSET=-3.5\n#EXT-X-VERSION:3\n#EXTINF:1,\na.ts\n');
});
