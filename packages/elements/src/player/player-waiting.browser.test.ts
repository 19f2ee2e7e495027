/**
 * `<ifls-player>` before a broadcast starts, in every engine: it waits through 404s, says so (in
 * the page's language, or with the page's own words), and starts by itself. Through Media Source
 * Extensions everywhere, and through the browser's own HLS where there is one.
 */
import { expect } from '@open-wc/testing';
import { engine, sleep } from '../test/browser/engine.js';
import { LiveHls, releaseFixtures } from '../test/browser/fixtures.js';
import { PlayerProbe } from '../test/browser/player-probe.js';
import { isShown } from '../test/browser/user.js';

/** The ways this engine can play: MSE (hls.js) always here, native HLS where the browser has its own. */
const playbacks = ['mse', ...(engine.nativeHls ? ['native'] : [])] as const;

describe('<ifls-player> before the broadcast starts', () => {
  let probe: PlayerProbe | undefined;
  afterEach(() => probe?.remove());
  after(releaseFixtures);

  for (const playback of playbacks) {
    it(`waits through 404s, saying so, and starts by itself when the broadcast begins (${playback})`, async () => {
      const live = await LiveHls.start({ startTimeOffset: -2 });
      probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true, 'prefer-playback': playback }, { lang: 'en' });
      await probe.waitForState('waiting');
      expect(probe.message).to.match(/not started/);
      expect(isShown(probe.part('message')), 'the message is shown').to.equal(true);
      expect(probe.errors.map((error) => [error.code, error.recoverable])).to.deep.equal([['not-found', true]]);
      await sleep(3000);
      await live.broadcast();
      await probe.waitForState('playing', 30_000);
      await probe.waitForProgress(1);
      expect(isShown(probe.part('message')), 'no message while playing').to.equal(false);
    });
  }

  it('speaks Japanese where the page is in Japanese, and lets the page replace the message', async () => {
    const live = await LiveHls.start({ startTimeOffset: -2 });
    probe = PlayerProbe.mount({ src: `${live.origin}/live/none.m3u8` }, { lang: 'ja' });
    await probe.waitForState('waiting');
    expect(probe.message).to.match(/配信はまだ始まっていません/);
    const custom = document.createElement('p');
    custom.slot = 'waiting';
    custom.textContent = 'Back at 9';
    probe.player.append(custom);
    await probe.player.updateComplete;
    expect(isShown(custom), "the page's message is shown").to.equal(true);
    expect(isShown(probe.part('message')), "the player's own is not").to.equal(false);
  });
});
