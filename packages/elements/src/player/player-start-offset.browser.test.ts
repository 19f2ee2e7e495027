/**
 * `<ifls-player>`'s `start-time-offset` when the page takes it away or gives something that is
 * not a number, in every engine (through Media Source Extensions and hls.js): the channel's own
 * offset, the playlist's `EXT-X-START`, decides then, as if the attribute had never been there.
 */
import { expect } from '@open-wc/testing';
import { LiveHls, releaseFixtures } from '../test/browser/fixtures.js';
import { PlayerProbe } from '../test/browser/player-probe.js';

describe('<ifls-player> without a usable start-time-offset', () => {
  let live: LiveHls;
  let probe: PlayerProbe | undefined;
  before(async () => {
    live = await LiveHls.start({ startTimeOffset: -4 });
    await live.broadcast();
  });
  afterEach(() => probe?.remove());
  after(releaseFixtures);

  /** Plays on from here; resolves with how far from the live edge it started (s) and the latency it holds. */
  async function startsAt(probe: PlayerProbe): Promise<{ distance: number; target: number | null }> {
    probe.stats.length = 0;
    await probe.waitForState('playing');
    const distance = await probe.startDistance(live);
    return { distance, target: probe.stats.at(-1)!.targetLatency };
  }

  /**
   * Nearer the playlist's 4 s than hls.js's own default (three target durations: 3 s), which is
   * where a lost offset starts. How close to 4 s is the latency suites' business (player-live).
   */
  function expectPlaylistDistance(distance: number): void {
    expect(distance, `started ${distance.toFixed(3)} s from the live edge, the playlist says 4`).to.be.within(3.5, 5);
  }

  it("falls back to the playlist's EXT-X-START once the attribute is removed", async () => {
    probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true, 'start-time-offset': '-2' });
    const asked = await startsAt(probe);
    expect(asked.target, 'the attribute holds first').to.equal(2);
    probe.player.removeAttribute('start-time-offset');
    await probe.player.updateComplete;
    const { distance, target } = await startsAt(probe);
    expect(target, "the latency held: the playlist's").to.equal(4);
    expectPlaylistDistance(distance);
  });

  for (const value of ['abc', '']) {
    it(`takes start-time-offset="${value}" for no offset: the playlist's EXT-X-START`, async () => {
      probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true, 'start-time-offset': value });
      const { distance, target } = await startsAt(probe);
      expect(target, "the latency held: the playlist's").to.equal(4);
      expectPlaylistDistance(distance);
    });
  }

  it('takes a startTimeOffset property of null or NaN for no offset', async () => {
    probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true, 'start-time-offset': '-2' });
    (probe.player as { startTimeOffset?: number | null }).startTimeOffset = null;
    const { target } = await startsAt(probe);
    expect(target, "null: the playlist's latency").to.equal(4);
    probe.player.startTimeOffset = -2;
    expect((await startsAt(probe)).target, 'a number again').to.equal(2);
    probe.player.startTimeOffset = NaN;
    expect((await startsAt(probe)).target, "NaN: the playlist's latency").to.equal(4);
  });
});
