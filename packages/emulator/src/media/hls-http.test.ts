import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHlsPath } from './hls-http.js';

describe('parseHlsPath', () => {
  test('accepts a channel and a file name', () => {
    assert.deepEqual(parseHlsPath('/hls/ABC123/playlist.m3u8?x=1'), { kind: 'file', channelId: 'ABC123', fileName: 'playlist.m3u8' });
    assert.deepEqual(parseHlsPath('/hls/ABC123/v0_r1_00001.ts'), { kind: 'file', channelId: 'ABC123', fileName: 'v0_r1_00001.ts' });
  });

  test('leaves other paths alone', () => {
    assert.deepEqual(parseHlsPath('/signaling'), { kind: 'not-hls' });
    assert.deepEqual(parseHlsPath('/hlsx/a/b'), { kind: 'not-hls' });
  });

  for (const path of [
    '/hls/ABC/../../etc/passwd',
    '/hls/../ABC/playlist.m3u8',
    '/hls/ABC/..',
    '/hls/ABC/%2e%2e%2fpasswd',
    '/hls/ABC/%2E%2E',
    '/hls/%2e%2e/playlist.m3u8',
    '/hls/ABC/..%2f..%2fetc%2fpasswd',
    '/hls/ABC/%2fetc%2fpasswd',
    '/hls//etc/passwd',
    '/hls/ABC/a%5c..%5cb',
    '/hls/ABC/.hidden',
    '/hls/ABC/%00.ts',
    '/hls/ABC/%zz',
    '/hls/ABC/sub/file.ts',
  ]) {
    test(`refuses ${path}`, () => {
      assert.equal(parseHlsPath(path).kind, 'refused');
    });
  }
});
