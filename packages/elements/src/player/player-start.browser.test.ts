/**
 * What `<ifls-player>`'s first frame waits on, in every engine (through Media Source Extensions
 * and hls.js): the requests the live server sees before playback starts. A start should cost no
 * round trip that hls.js alone would not: one look at the playlist, then the first segment.
 */
import { expect } from '@open-wc/testing';
import { LiveHls, releaseFixtures } from '../test/browser/fixtures.js';
import { PlayerProbe } from '../test/browser/player-probe.js';
import { waitUntil } from '../test/browser/engine.js';

/** Mounts a player on `live` and returns the paths the server was asked for before the first frame. */
async function requestsBeforeFirstFrame(live: LiveHls, attributes: Record<string, string | true> = {}): Promise<string[]> {
  const before = (await live.requests()).length;
  const probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true, ...attributes });
  let playingAt = 0;
  probe.player.addEventListener('ifls-state-change', ({ state }) => {
    if (state === 'playing' && playingAt === 0) playingAt = Date.now();
  });
  try {
    await probe.waitForState('playing');
    return (await live.requests())
      .slice(before)
      .filter((request) => request.at <= playingAt)
      .map((request) => request.path);
  } finally {
    probe.remove();
  }
}

describe('<ifls-player> start', () => {
  after(releaseFixtures);

  it('fetches the media playlist once before the first frame', async () => {
    const live = await LiveHls.start({ startTimeOffset: -2 });
    await live.broadcast();
    const paths = await requestsBeforeFirstFrame(live);
    const playlists = paths.filter((path) => path.endsWith('.m3u8'));
    expect(playlists, `requests before the first frame: ${paths.join(', ')}`).to.deep.equal(['/live/playlist.m3u8']);
    // The segment fetched while hls.js was is the one hls.js starts with: it is not fetched again.
    expect(new Set(paths).size, `nothing fetched twice: ${paths.join(', ')}`).to.equal(paths.length);
  });

  it('buffers the first segment while it is still arriving', async function () {
    this.timeout(60_000);
    const live = await LiveHls.start({ startTimeOffset: -2 });
    await live.broadcast();
    // The last fifth of each segment comes 5 s after the rest, far longer than hls.js takes to append what came.
    await live.holdSegmentTails(5000);
    const probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true });
    try {
      await probe.player.updateComplete;
      const video = probe.video;
      await waitUntil(() => video.buffered.length > 0 && video.buffered.end(0) > video.buffered.start(0), 'media buffered', 30_000);
      const bufferedAt = Date.now();
      const firstSegment = (await live.requests()).find((request) => request.path.endsWith('.ts'));
      expect(firstSegment, 'a segment was fetched').to.not.equal(undefined);
      const tail = (await live.tails()).find((sent) => sent.path === firstSegment!.path);
      expect(
        tail?.at,
        `the rest of ${firstSegment!.path} was sent ${tail ? bufferedAt - tail.at : 0} ms before media was buffered`,
      ).to.equal(undefined);
    } finally {
      probe.remove();
      await live.holdSegmentTails(0);
    }
  });

  it('fetches the media playlist once before the first frame when the page gives a relative URL', async () => {
    const live = await LiveHls.start({ startTimeOffset: -2 });
    await live.broadcast();
    // Served from another origin, so a path relative to that playlist is the URL the page gives.
    const base = document.createElement('base');
    base.href = `${live.origin}/`;
    document.head.append(base);
    try {
      const paths = await requestsBeforeFirstFrame(live, { src: 'live/playlist.m3u8' });
      expect(
        paths.filter((path) => path.endsWith('.m3u8')),
        `requests: ${paths.join(', ')}`,
      ).to.deep.equal(['/live/playlist.m3u8']);
      expect(new Set(paths).size, `nothing fetched twice: ${paths.join(', ')}`).to.equal(paths.length);
    } finally {
      base.remove();
    }
  });

  it('fetches a multivariant playlist and one media playlist once each before the first frame', async () => {
    const live = await LiveHls.start({ startTimeOffset: -2, variants: true });
    await live.broadcast();
    const paths = await requestsBeforeFirstFrame(live);
    const playlists = paths.filter((path) => path.endsWith('.m3u8'));
    expect(
      playlists.filter((path) => path === '/live/master.m3u8'),
      `requests: ${paths.join(', ')}`,
    ).to.have.length(1);
    const media = playlists.filter((path) => path !== '/live/master.m3u8');
    expect(media, `requests: ${paths.join(', ')}`).to.have.length(1);
  });
});
