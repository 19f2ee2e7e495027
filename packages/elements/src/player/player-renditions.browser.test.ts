/**
 * `<ifls-player>` on a channel of several renditions, in every engine (through Media Source
 * Extensions and hls.js): its `playlist_url` is a multivariant (master) playlist, which never
 * carries `EXT-X-ENDLIST` and never changes, so whether a broadcast has begun, goes on or has
 * ended is read from the renditions' media playlists. Against the emulator (a channel with two
 * `hls` entries), and against live HLS made by ffmpeg with two renditions, served through an
 * overlay where a test needs a media playlist that is missing or empty.
 */
import { expect } from '@open-wc/testing';
import { sleep, waitUntil } from '../test/browser/engine.js';
import { emulator, LiveHls, PlaylistOverlay, releaseFixtures, type Channel } from '../test/browser/fixtures.js';
import { PlayerProbe } from '../test/browser/player-probe.js';

function createChannel(): Promise<Channel> {
  const rendition = (width: number, height: number, bps: number) => ({
    durationSeconds: 1,
    startTimeOffset: -2,
    video: { width, height, fps: 30, bps },
    audio: { bps: 64_000 },
  });
  return emulator.createChannel([rendition(640, 480, 1_000_000), rendition(320, 240, 300_000)]);
}

/** The first rendition's media playlist of an emulator channel (the master lists `v0.m3u8` first). */
function firstMediaPlaylist(channel: Channel): string {
  return new URL('v0.m3u8', channel.playlist_url).href;
}

async function playlistText(url: string): Promise<string> {
  const response = await fetch(url, { cache: 'no-store' });
  return response.ok ? response.text() : '';
}

describe('<ifls-player> on a channel with several renditions', () => {
  let probe: PlayerProbe | undefined;
  let broadcast: { stop(): Promise<void> } | undefined;
  afterEach(async () => {
    probe?.remove();
    probe = undefined;
    await broadcast?.stop();
    broadcast = undefined;
  });
  after(releaseFixtures);

  const mount = (src: string, attributes: Record<string, string | true> = {}) =>
    PlayerProbe.mount({ src, autoplay: true, muted: true, ...attributes }, { lang: 'en' });

  it('a viewer who comes after the broadcast has ended is told so, and plays none of it (emulator)', async () => {
    const channel = await createChannel();
    broadcast = await emulator.publish(channel);
    await emulator.waitForSegments(firstMediaPlaylist(channel), 4);
    await broadcast.stop();
    broadcast = undefined;
    await waitUntil(async () => (await playlistText(firstMediaPlaylist(channel))).includes('#EXT-X-ENDLIST'), 'the renditions end');
    expect(await playlistText(channel.playlist_url), 'the master playlist is still there').to.match(/#EXT-X-STREAM-INF/);

    probe = mount(channel.playlist_url);
    await probe.waitForState('ended');
    expect(probe.message).to.match(/ended/);
    expect(probe.states, 'no replay of the last seconds').to.deep.equal(['loading', 'ended']);
    expect(probe.mediaSourcesMade, 'no MediaSource').to.equal(0);
  });

  it('with wait-for-next, waits after the end of a broadcast and plays the next one (emulator)', async () => {
    const channel = await createChannel();
    broadcast = await emulator.publish(channel);
    await emulator.waitForSegments(firstMediaPlaylist(channel), 4);
    probe = mount(channel.playlist_url, { 'wait-for-next': true });
    await probe.waitForState('playing', 60_000);
    await broadcast.stop();
    broadcast = undefined;
    // `ended` lasts no time at all: `waiting` follows at once.
    await probe.waitForState('waiting', 30_000);
    expect(probe.states.slice(-2)).to.deep.equal(['ended', 'waiting']);
    expect(probe.message).to.match(/not started/);

    broadcast = await emulator.publish(channel);
    await probe.waitForState('playing', 60_000);
    await probe.waitForProgress(1);
    // A switch of rendition may stall playback for a moment: only the way there counts.
    expect(probe.states.slice(probe.states.lastIndexOf('ended')).slice(0, 4)).to.deep.equal(['ended', 'waiting', 'loading', 'playing']);
  });

  it('with wait-for-next, plays the next broadcast when a new one replaces the playlists (ffmpeg)', async () => {
    const live = await LiveHls.start({ startTimeOffset: -2, variants: true });
    await live.broadcast();
    probe = mount(live.playlistUrl, { 'wait-for-next': true });
    await probe.waitForState('playing');
    await live.end();
    await probe.waitForState('waiting');
    expect(probe.states.slice(-2)).to.deep.equal(['ended', 'waiting']);
    await sleep(2000);
    await live.broadcast();
    await probe.waitForState('playing', 40_000);
    await probe.waitForProgress(1);
    expect(probe.states.slice(probe.states.lastIndexOf('ended')).slice(0, 4)).to.deep.equal(['ended', 'waiting', 'loading', 'playing']);
  });

  it('waits while the master playlist is missing, or there with a media playlist missing or empty, and plays when it lists media', async () => {
    const live = await LiveHls.start({ startTimeOffset: -2, variants: true });
    const overlay = await PlaylistOverlay.start(live.origin);
    /** Resolves once the overlay has answered `path` with `status` twice more: two more looks of the player's. */
    const twoMoreLooks = async (path: string, status: number) => {
      const from = (await overlay.requests()).length;
      const looks = async () =>
        (await overlay.requests()).slice(from).filter((request) => request.path === path && request.status === status);
      await waitUntil(async () => (await looks()).length >= 2, `two more answers ${status} to ${path}`);
    };
    await overlay.answer('/live/v0.m3u8', { status: 404 });
    probe = mount(`${overlay.origin}/live/master.m3u8`);
    await probe.waitForState('waiting');
    expect(probe.message, 'no master playlist yet').to.match(/not started/);

    await live.broadcast();
    await twoMoreLooks('/live/master.m3u8', 200);
    expect(probe.state, 'a master playlist whose media playlist answers 404').to.equal('waiting');

    await overlay.answer('/live/v0.m3u8', {
      status: 200,
      body: '#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n',
    });
    await twoMoreLooks('/live/v0.m3u8', 200);
    expect(probe.state, 'a master playlist whose media playlist lists no segment').to.equal('waiting');
    expect(probe.message).to.match(/not started/);

    await overlay.answer('/live/v0.m3u8', null);
    await probe.waitForState('playing', 30_000);
    await probe.waitForProgress(1);
    expect(probe.states.slice(0, 4)).to.deep.equal(['loading', 'waiting', 'loading', 'playing']);
    expect(probe.errors.map(({ code, recoverable }) => [code, recoverable])).to.deep.equal([['not-found', true]]);
  });
});
