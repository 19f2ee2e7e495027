/**
 * `<ifls-player>` at the end of a broadcast and through a network outage, in every engine: through
 * Media Source Extensions everywhere, and through the browser's own HLS where there is one.
 */
import { expect } from '@open-wc/testing';
import { engine, sleep } from '../test/browser/engine.js';
import { LiveHls, releaseFixtures } from '../test/browser/fixtures.js';
import { mediaSourceCount, PlayerProbe } from '../test/browser/player-probe.js';
import { isShown } from '../test/browser/user.js';

/** The ways this engine can play: MSE (hls.js) always here, native HLS where the browser has its own. */
const playbacks = ['mse', ...(engine.nativeHls ? ['native'] : [])] as const;

for (const playback of playbacks) {
  describe(`<ifls-player> at the end of a broadcast (${playback})`, () => {
    let live: LiveHls;
    let probe: PlayerProbe | undefined;
    before(async () => {
      live = await LiveHls.start({ startTimeOffset: -2 });
    });
    afterEach(async () => {
      probe?.remove();
      await live.setFault('none');
    });
    after(releaseFixtures);

    const mount = (attributes: Record<string, string | true> = {}) =>
      PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true, 'prefer-playback': playback, ...attributes }, { lang: 'en' });

    it('EXT-X-ENDLIST ends playback', async () => {
      await live.broadcast();
      probe = mount();
      await probe.waitForState('playing');
      await live.end();
      await probe.waitForState('ended');
      expect(probe.message).to.match(/ended/);
      expect(isShown(probe.part('message')), 'the message is shown').to.equal(true);
      expect(mediaSourceCount().open, 'MediaSources not closed').to.equal(0);
    });

    it('a deleted playlist (404) ends playback', async () => {
      await live.broadcast();
      probe = mount();
      await probe.waitForState('playing');
      await live.setFault('not-found');
      await probe.waitForState('ended');
      expect(probe.message).to.match(/ended/);
    });

    it('with wait-for-next, the next broadcast on the same playlist plays', async () => {
      await live.broadcast();
      probe = mount({ 'wait-for-next': true });
      await probe.waitForState('playing');
      await live.end();
      await probe.waitForState('waiting');
      await sleep(2000);
      await live.broadcast();
      await probe.waitForState('playing', 40_000);
      await probe.waitForProgress(1);
      const next = probe.states.slice(probe.states.lastIndexOf('ended'));
      // Chromium's own HLS says 'playing' once, then 'waiting' for a moment, at every start.
      expect(playback === 'mse' ? next : next.slice(0, 4)).to.deep.equal(['ended', 'waiting', 'loading', 'playing']);
    });

    it('resumes after the stream is unreachable for 5 s, showing reconnecting meanwhile', async () => {
      await live.broadcast();
      probe = mount();
      await probe.waitForState('playing');
      await probe.waitForProgress(1);
      await live.setFault('refuse');
      await probe.waitForState('reconnecting', 15_000);
      expect(probe.message).to.match(/Reconnecting/);
      await sleep(5000);
      await live.setFault('none');
      await probe.waitForState('playing', 30_000);
      await probe.waitForProgress(2);
      expect(
        probe.errors.some((error) => error.code === 'network' && error.recoverable),
        'a recoverable network error',
      ).to.equal(true);
      // Chromium's own HLS gives no seekable range on a live stream: there the latency is unknown.
      const latency = probe.player.latency;
      if (playback === 'mse' || latency !== null) {
        expect(latency, 'latency after recovering: back near the live edge').to.be.a('number').below(6);
      }
    });
  });
}
