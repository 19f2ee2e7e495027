/**
 * `<ifls-player prefer-playback="native">` where the browser plays HLS itself (Chromium here,
 * Safari in the field): the distance to hold comes from the playlist's `EXT-X-START` as with
 * hls.js, for the latency readout, the live badge and "go live". Its end, waiting, outage and
 * recovery are in player-waiting and player-end, which run both ways.
 *
 * Chromium's own HLS cannot place playback on a live stream: it starts at the oldest segment
 * listed, ignores `EXT-X-START` and seeks, fails on any playback rate but 1, and gives no seekable
 * range, so neither the player nor anyone else knows its latency there. The tests of where it plays
 * need a known latency and skip where there is none.
 */
import { expect } from '@open-wc/testing';
import { engine, sleep, waitUntil } from '../test/browser/engine.js';
import { LiveHls, releaseFixtures } from '../test/browser/fixtures.js';
import { PlayerProbe } from '../test/browser/player-probe.js';
import { click } from '../test/browser/user.js';

describe('<ifls-player> through the browser’s own HLS', () => {
  let live: LiveHls;
  let probe: PlayerProbe | undefined;
  before(async function () {
    if (!engine.nativeHls) this.skip(); // no HLS of its own (Firefox, WebKitGTK): MSE only
    live = await LiveHls.start({ startTimeOffset: -4 });
    await live.broadcast();
  });
  afterEach(() => probe?.remove());
  after(releaseFixtures);

  const mount = () =>
    PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true, controls: true, 'prefer-playback': 'native' }, { lang: 'en' });

  /** Skips a test of where playback sits where the browser does not tell (Chromium, see above). */
  function requireLatency(context: Mocha.Context): void {
    if (probe!.player.latency === null) context.skip();
  }

  it("holds the playlist's EXT-X-START without start-time-offset: target latency, badge", async () => {
    probe = mount();
    await probe.waitForState('playing');
    await probe.waitForProgress(1);
    await waitUntil(() => probe!.stats.length > 1, 'ifls-stats');
    expect(probe.mediaSourcesMade, 'no MediaSource: the browser plays the playlist itself').to.equal(0);
    expect(probe.video.src).to.equal(live.playlistUrl);
    expect(probe.stats.at(-1)!.targetLatency, 'the target latency is the playlist’s offset').to.equal(4);
    // The bar hides while the stream plays; the badge in it says live.
    const badge = probe.part('live-badge')!;
    expect(badge.classList.contains('live'), 'the badge says live').to.equal(true);
    expect(badge.textContent.trim()).to.match(/^live$/i);
  });

  it("starts near the playlist's EXT-X-START, and the latency readout says so", async function () {
    probe = mount();
    await probe.waitForState('playing');
    requireLatency(this);
    const start = await probe.startDistance(live);
    expect(Math.abs(start - 4), `started ${start.toFixed(3)} s from the live edge, the playlist says 4`).to.be.at.most(0.5);
    await waitUntil(() => probe!.stats.length > 1, 'ifls-stats');
    const { latency } = probe.stats.at(-1)!;
    expect(Math.abs(latency! - 4), `latency ${latency} s`).to.be.at.most(0.5);
    expect(probe.part('latency')!.textContent).to.contain(`${latency!.toFixed(1)} s`);
  });

  it('goes back to the offset after a pause, and from the live badge', async function () {
    probe = mount();
    const { player } = probe;
    await probe.waitForState('playing');
    requireLatency(this);
    player.pause();
    await probe.waitForState('paused');
    await sleep(4000);
    player.play();
    await probe.waitForState('playing');
    await probe.waitForProgress(1);
    expect(Math.abs(player.latency! - 4), `latency ${player.latency} s after play()`).to.be.at.most(1.5);

    player.pause();
    await probe.waitForState('paused');
    await sleep(2500);
    void probe.video.play();
    await probe.waitForState('playing');
    await waitUntil(() => probe!.part('live-badge')?.classList.contains('behind') === true, 'the badge says the player is behind');
    await click(probe.part('live-badge')!);
    await probe.waitForProgress(1);
    expect(Math.abs(player.latency! - 4), `latency ${player.latency} s after "go live"`).to.be.at.most(1.5);
  });
});
