/**
 * `<ifls-player>`'s words, in every engine: the language of its page, wherever the element is (in
 * another component's shadow DOM too), and the page's own words through `strings`, over any
 * language. Against live HLS made on the spot by ffmpeg, and a playlist that is not there.
 */
import { expect } from '@open-wc/testing';
import { LiveHls, releaseFixtures } from '../test/browser/fixtures.js';
import { PlayerProbe } from '../test/browser/player-probe.js';
import type { IflsPlayer } from './player.js';

/** The player's texts as a viewer reads them, written out: a broken string table fails here. */
const english = {
  waiting: 'The broadcast has not started yet. It will play here as soon as it begins.',
  mute: 'Mute',
};
const japanese = {
  waiting: '配信はまだ始まっていません。始まるとここで自動的に再生されます。',
  mute: 'ミュート',
};

/** The accessible name of a part: its aria-label, else its text. */
function label(player: IflsPlayer, name: string): string | null {
  const element = player.shadowRoot!.querySelector(`[part~="${name}"]`);
  return element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? null;
}

describe("<ifls-player>'s words", () => {
  let live: LiveHls;
  let probe: PlayerProbe | undefined;
  /** Elements of the page a test built around the player. */
  let page: HTMLElement | undefined;
  before(async () => {
    live = await LiveHls.start({ startTimeOffset: -2 });
    await live.broadcast();
  });
  afterEach(() => {
    probe?.remove();
    probe = undefined;
    page?.remove();
    page = undefined;
    document.documentElement.removeAttribute('lang');
  });
  after(releaseFixtures);

  const missingPlaylist = () => `${live.origin}/live/none.m3u8`;

  /** A component of the page's that shows the player in its shadow DOM. */
  function inShadowRoot(hostLang?: string): HTMLElement {
    page = document.createElement('div');
    if (hostLang) page.lang = hostLang;
    document.body.append(page);
    return page.attachShadow({ mode: 'open' }) as unknown as HTMLElement;
  }

  describe("follow the page's language in another component's shadow DOM", () => {
    const cases: { where: string; expected: typeof english; setUp(): HTMLElement }[] = [
      {
        where: 'lang="ja" on the document',
        expected: japanese,
        setUp: () => {
          document.documentElement.lang = 'ja';
          return inShadowRoot();
        },
      },
      { where: 'lang="ja-JP" on the host', expected: japanese, setUp: () => inShadowRoot('ja-JP') },
      {
        where: 'lang="en" on the host in a Japanese document',
        expected: english,
        setUp: () => {
          document.documentElement.lang = 'ja';
          return inShadowRoot('en');
        },
      },
    ];
    for (const { where, expected, setUp } of cases) {
      it(where, async () => {
        probe = PlayerProbe.mount({ src: missingPlaylist() }, { parent: setUp() });
        await probe.waitForState('waiting');
        expect(probe.message).to.equal(expected.waiting);
      });
    }
  });

  it("take the page's own words from strings, over the language's, and follow a change of them", async () => {
    probe = PlayerProbe.mount({ src: missingPlaylist() }, { lang: 'ja' });
    const { player } = probe;
    await probe.waitForState('waiting');
    expect(probe.message).to.equal(japanese.waiting);
    player.strings = { waiting: '21 時から配信します' };
    await player.updateComplete;
    expect(probe.message).to.equal('21 時から配信します');
    player.strings = {};
    await player.updateComplete;
    expect(probe.message, 'without strings, the language speaks again').to.equal(japanese.waiting);
  });

  it('take words for the controls from strings; the others stay in the language of the page', async () => {
    probe = PlayerProbe.mount({ src: live.playlistUrl, controls: true }, { lang: 'en' });
    const { player } = probe;
    player.strings = { play: 'Lecture' };
    await probe.waitForState('paused');
    await player.updateComplete;
    expect(label(player, 'play-button'), 'the play button').to.equal('Lecture');
    expect(label(player, 'mute-button'), 'the mute button').to.equal(english.mute);
    player.lang = 'ja';
    await player.updateComplete;
    expect(label(player, 'play-button'), 'the play button in Japanese').to.equal('Lecture');
    expect(label(player, 'mute-button'), 'the mute button in Japanese').to.equal(japanese.mute);
  });
});
