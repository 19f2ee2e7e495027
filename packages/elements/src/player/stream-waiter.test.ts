import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { firstVariantUri, probePlaylist, reachesBack, waitForBroadcast, type PlaylistProbe } from './stream-waiter.js';

/** A live media playlist of `count` one-second segments from `sequence` on. */
function playlist(count: number, { sequence = 0, start }: { sequence?: number; start?: number } = {}): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${sequence}`];
  if (start !== undefined) lines.splice(1, 0, `#EXT-X-START:TIME-OFFSET=${start}`);
  for (let index = 0; index < count; index++) lines.push('#EXTINF:1.000000,', `seg_${sequence + index}.ts`);
  return `${lines.join('\n')}\n`;
}

test("a new broadcast's playlist reaches back once it holds the start offset and two segments more", () => {
  assert.equal(reachesBack(playlist(3, { start: -2 }), undefined), false);
  assert.equal(reachesBack(playlist(4, { start: -2 }), undefined), true);
  // The page's offset comes first.
  assert.equal(reachesBack(playlist(4, { start: -2 }), -4), false);
  assert.equal(reachesBack(playlist(6, { start: -2 }), -4), true);
  // Neither: three target durations, as hls.js.
  assert.equal(reachesBack(playlist(4), undefined), false);
  assert.equal(reachesBack(playlist(5), undefined), true);
});

test('a playlist that drops segments, or lists renditions, is as long as it gets', () => {
  assert.equal(reachesBack(playlist(3, { sequence: 7, start: -30 }), undefined), true);
  assert.equal(reachesBack('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nv0.m3u8\n', -2), true);
});

/**
 * Answers `fetch` from `files` (URL → body, or a status), as a playlist server would, for the
 * rest of the test; a browser's `online` events are not there to wait for.
 */
function serve(t: TestContext, files: Record<string, string | number>): void {
  const original = globalThis.fetch;
  globalThis.fetch = async (input) => {
    const answer = files[String(input)] ?? 404;
    return typeof answer === 'number' ? new Response(null, { status: answer }) : new Response(answer);
  };
  const events = globalThis as unknown as Record<'addEventListener' | 'removeEventListener', unknown>;
  const { addEventListener, removeEventListener } = events;
  events.addEventListener = events.removeEventListener = () => {};
  t.after(() => {
    globalThis.fetch = original;
    Object.assign(events, { addEventListener, removeEventListener });
  });
}

const master =
  '#EXTM3U\n#EXT-X-START:TIME-OFFSET=-4\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n\nlow/v0.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=200000\nv1.m3u8\n';
const masterUrl = 'https://cdn.example/ch/playlist.m3u8';
const mediaUrl = 'https://cdn.example/ch/low/v0.m3u8';

test("a multivariant playlist's broadcast is what its first rendition's media playlist says", async (t) => {
  const files: Record<string, string | number> = {};
  serve(t, files);
  const signal = new AbortController().signal;
  assert.equal((await probePlaylist(masterUrl, signal)).kind, 'not-found', 'no master yet');
  const cases: [string, string | number, PlaylistProbe['kind']][] = [
    ['on the air', playlist(3), 'live'],
    ['ended', `${playlist(3)}#EXT-X-ENDLIST\n`, 'ended'],
    ['not there yet', 404, 'not-found'],
    ['without a segment yet', '#EXTM3U\n#EXT-X-TARGETDURATION:1\n', 'not-found'],
    ['deleted', 410, 'gone'],
  ];
  for (const [name, media, kind] of cases) {
    Object.assign(files, { [masterUrl]: master, [mediaUrl]: media });
    const probe = await probePlaylist(masterUrl, signal);
    assert.equal(probe.kind, kind, name);
    if (probe.kind === 'live') assert.deepEqual([probe.text, probe.master], [playlist(3), master]);
  }
});

test("a new broadcast behind a multivariant playlist is taken from its media playlist, at the master's offset", async (t) => {
  const files: Record<string, string | number> = { [masterUrl]: master, [mediaUrl]: playlist(5) };
  serve(t, files);
  const found = waitForBroadcast(masterUrl, { signal: new AbortController().signal });
  // Five seconds are not enough for the master's 4 s and two segments; six are.
  setTimeout(() => (files[mediaUrl] = playlist(6)), 100);
  assert.equal((await found).playlist, playlist(6));
});

test('the first variant URI of a multivariant playlist, none of a media playlist', () => {
  assert.equal(firstVariantUri(master), 'low/v0.m3u8');
  assert.equal(
    firstVariantUri('#EXTM3U\r\n#EXT-X-STREAM-INF:BANDWIDTH=1\r\nhttps://other.example/a.m3u8\r\n'),
    'https://other.example/a.m3u8',
  );
  assert.equal(firstVariantUri(playlist(2)), undefined);
});
