/**
 * `<ifls-player>` as a component, in every engine: what it renders without a source, its
 * attributes and properties, its events, its languages; and what a viewer does with its controls,
 * by keyboard and mouse, and what a screen reader finds (axe-core on every screen), the
 * muted-autoplay fallback and the quality menu. Against live HLS made on the spot by ffmpeg, with
 * two renditions (240p and 120p).
 */
import { expect } from '@open-wc/testing';
import { IflsErrorEvent } from '../events/error-event.js';
import { IflsStateChangeEvent } from '../events/state-change-event.js';
import { sleep, waitUntil } from '../test/browser/engine.js';
import { LiveHls, releaseFixtures } from '../test/browser/fixtures.js';
import { mediaSourceCount, PlayerProbe } from '../test/browser/player-probe.js';
import { click, focusedControl, isShown, press, pressShiftTab, refuseAutoplay } from '../test/browser/user.js';
import type { IflsPlayer } from './player.js';

/** The player's texts as a viewer reads them, written out: a broken string table fails here. */
const english = {
  waiting: 'The broadcast has not started yet. It will play here as soon as it begins.',
  play: 'Play',
  controls: 'Player controls',
  mute: 'Mute',
  volume: 'Volume',
};
const japanese = {
  waiting: '配信はまだ始まっていません。始まるとここで自動的に再生されます。',
  play: '再生',
  controls: 'プレーヤーの操作',
  mute: 'ミュート',
  volume: '音量',
};

function part(player: IflsPlayer, name: string): HTMLElement | null {
  return player.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

/** The accessible name of a control: its aria-label, else its text. */
function label(element: Element | null): string | null {
  return element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? null;
}

function bufferedRanges(video: HTMLVideoElement): string {
  const { buffered } = video;
  return (
    Array.from({ length: buffered.length }, (_, index) => `${buffered.start(index).toFixed(2)}–${buffered.end(index).toFixed(2)}`).join(
      ', ',
    ) || 'nothing'
  );
}

/** Every resource the page requests from now on (PerformanceObserver sees them even once the timeline buffer is full). */
function watchRequests(): { urls: string[]; stop(): void } {
  const urls: string[] = [];
  const observer = new PerformanceObserver((list) => urls.push(...list.getEntries().map((entry) => entry.name)));
  observer.observe({ type: 'resource' });
  return { urls, stop: () => observer.disconnect() };
}

describe('<ifls-player>', () => {
  let live: LiveHls;
  let probe: PlayerProbe | undefined;
  /** Elements of the page a test built around the player. */
  let page: HTMLElement | undefined;
  let restorePlay: (() => void) | undefined;

  before(async () => {
    live = await LiveHls.start({ startTimeOffset: -2, variants: true });
    await live.broadcast();
  });
  afterEach(() => {
    probe?.remove();
    probe = undefined;
    page?.remove();
    page = undefined;
    restorePlay?.();
    restorePlay = undefined;
    document.documentElement.removeAttribute('lang');
  });
  after(releaseFixtures);

  const missingPlaylist = () => `${live.origin}/live/none.m3u8`;

  describe('as a component', () => {
    it('without src stays idle: an empty 16:9 box, no controls, no request, no MediaSource', async () => {
      const requests = watchRequests();
      const sources = mediaSourceCount().made;
      probe = PlayerProbe.mount({ controls: true, autoplay: true });
      await probe.player.updateComplete;
      await sleep(1_000);
      requests.stop();

      const { player } = probe;
      expect(player.state).to.equal('idle');
      expect(probe.states, 'state changes').to.deep.equal([]);
      expect(probe.errors, 'errors').to.deep.equal([]);
      const box = player.getBoundingClientRect();
      expect(box.width).to.be.greaterThan(0);
      expect(box.width / box.height).to.be.closeTo(16 / 9, 0.02);
      expect(isShown(part(player, 'video')), 'the video').to.equal(true);
      for (const name of ['controls', 'play-button', 'message', 'spinner', 'unmute-button']) {
        expect(part(player, name) !== null, name).to.equal(false);
      }
      expect(requests.urls, 'requests made by the idle player').to.deep.equal([]);
      expect(mediaSourceCount().made, 'MediaSources made').to.equal(sources);
      expect(player.latency).to.equal(null);
    });

    it('reflects its state as an attribute from the start: state="idle" without src', async () => {
      // The README: `state` (read only) reflected, default `idle`; pages style `ifls-player[state='…']`.
      probe = PlayerProbe.mount({});
      await probe.player.updateComplete;
      expect(probe.player.getAttribute('state'), 'the state attribute').to.equal('idle');
    });

    it('maps its attributes to properties; muted reflects both ways and state is read-only', async () => {
      probe = PlayerProbe.mount({
        muted: true,
        controls: true,
        autoplay: true,
        'prefer-playback': 'native',
        'start-time-offset': '-3',
        'wait-for-next': true,
        'worker-path': '/assets/hls.worker.js',
      });
      const { player } = probe;
      await player.updateComplete;
      expect(player.muted).to.equal(true);
      expect(probe.video.muted, 'the video is muted').to.equal(true);
      expect(player.controls).to.equal(true);
      expect(player.autoplay).to.equal(true);
      expect(player.preferPlayback).to.equal('native');
      expect(player.startTimeOffset).to.equal(-3);
      expect(player.waitForNext).to.equal(true);
      expect(player.workerPath).to.equal('/assets/hls.worker.js');

      player.muted = false;
      await player.updateComplete;
      expect(player.hasAttribute('muted'), 'muted attribute after muted = false').to.equal(false);
      expect(probe.video.muted).to.equal(false);
      player.muted = true;
      await player.updateComplete;
      expect(player.hasAttribute('muted'), 'muted attribute after muted = true').to.equal(true);
      expect(probe.video.muted).to.equal(true);

      for (const name of ['controls', 'prefer-playback', 'start-time-offset', 'autoplay']) player.removeAttribute(name);
      await player.updateComplete;
      expect(player.controls).to.equal(false);
      expect(player.preferPlayback ?? null).to.equal(null);
      expect(player.startTimeOffset ?? null).to.equal(null);
      expect(player.autoplay).to.equal(false);
      player.setAttribute('prefer-playback', 'mse');
      expect(player.preferPlayback).to.equal('mse');

      expect(() => {
        (player as unknown as { state: string }).state = 'playing';
      }, 'assigning state').to.throw(TypeError);
      expect(player.state).to.equal('idle');
    });

    it('fires ifls-state-change, typed, bubbling and composed, once per change, and reflects each state', async () => {
      // The player inside another component's shadow root; the page listens on the document.
      page = document.createElement('div');
      document.body.append(page);
      const root = page.attachShadow({ mode: 'open' });
      const player = document.createElement('ifls-player');
      const seen: { event: IflsStateChangeEvent; attribute: string | null; target: EventTarget | undefined }[] = [];
      const listener = (event: IflsStateChangeEvent) =>
        seen.push({ event, attribute: player.getAttribute('state'), target: event.composedPath()[0] });
      document.addEventListener('ifls-state-change', listener);
      try {
        player.muted = true;
        player.autoplay = true;
        player.setAttribute('src', live.playlistUrl);
        root.append(player);
        await waitUntil(() => player.state === 'playing', `playing (states: ${seen.map(({ event }) => event.state).join(' → ')})`);
        player.removeAttribute('src');
        await waitUntil(() => player.state === 'idle', 'idle again without src');
      } finally {
        document.removeEventListener('ifls-state-change', listener);
      }

      const states = seen.map(({ event }) => event.state);
      expect(states[0], 'the first state').to.equal('loading');
      expect(states).to.include('playing');
      expect(states.at(-1)).to.equal('idle');
      seen.forEach(({ event, attribute, target }, index) => {
        expect(event instanceof IflsStateChangeEvent, `event ${index} is an IflsStateChangeEvent`).to.equal(true);
        expect(event.type).to.equal('ifls-state-change');
        expect([event.bubbles, event.composed], 'bubbles, composed').to.deep.equal([true, true]);
        expect(target === player, 'dispatched by the player').to.equal(true);
        expect(attribute, `state attribute when ${event.state} was fired`).to.equal(event.state);
        expect(event.previous, `previous of ${event.state}`).to.equal(index === 0 ? 'idle' : states[index - 1]);
        expect(event.state, 'a change').not.to.equal(event.previous);
      });
    });

    it('waits for a playlist that is not there yet: state waiting, a recoverable not-found, the message shown', async () => {
      const errors: IflsErrorEvent[] = [];
      page = document.createElement('div');
      page.addEventListener('ifls-error', (event) => errors.push(event));
      document.body.append(page);
      probe = PlayerProbe.mount({ src: missingPlaylist(), controls: true }, { parent: page, lang: 'en' });
      await probe.waitForState('waiting');
      expect(errors.length).to.be.greaterThan(0);
      expect(errors[0] instanceof IflsErrorEvent, 'an IflsErrorEvent').to.equal(true);
      expect([errors[0]!.code, errors[0]!.recoverable]).to.deep.equal(['not-found', true]);
      expect(probe.message).to.equal(english.waiting);
      expect(isShown(part(probe.player, 'message')), 'the message').to.equal(true);
      expect(part(probe.player, 'controls') !== null, 'no control bar while waiting').to.equal(false);
    });

    it('shows the control bar with controls, by attribute or property, while there is something to control', async () => {
      probe = PlayerProbe.mount({ src: live.playlistUrl }, { lang: 'en' });
      await probe.waitForState('paused');
      const { player } = probe;
      expect(part(player, 'controls') !== null, 'no bar without controls').to.equal(false);
      expect(isShown(part(player, 'play-button')), 'the large play button').to.equal(true);

      player.setAttribute('controls', '');
      await player.updateComplete;
      expect(player.controls).to.equal(true);
      expect(isShown(part(player, 'controls')), 'the bar after the attribute is set').to.equal(true);
      expect(label(part(player, 'controls'))).to.equal(english.controls);

      player.removeAttribute('controls');
      await player.updateComplete;
      expect(player.controls).to.equal(false);
      expect(part(player, 'controls') !== null, 'the bar after the attribute is removed').to.equal(false);

      player.controls = true;
      await player.updateComplete;
      expect(isShown(part(player, 'controls')), 'the bar after controls = true').to.equal(true);
      player.controls = false;
      await player.updateComplete;
      expect(part(player, 'controls') !== null, 'the bar after controls = false').to.equal(false);
    });

    describe('speaks the language of its page', () => {
      const cases: { where: string; expected: typeof english; setUp(): { lang?: string } }[] = [
        { where: 'lang="ja" on the element', expected: japanese, setUp: () => ({ lang: 'ja' }) },
        { where: 'lang="en" on the element', expected: english, setUp: () => ({ lang: 'en' }) },
        {
          where: 'lang="ja-JP" on the document',
          expected: japanese,
          setUp: () => {
            document.documentElement.lang = 'ja-JP';
            return {};
          },
        },
        {
          where: 'lang="en" on the element in a Japanese document',
          expected: english,
          setUp: () => {
            document.documentElement.lang = 'ja';
            return { lang: 'en' };
          },
        },
      ];
      for (const { where, expected, setUp } of cases) {
        it(`${where}: messages and control labels`, async () => {
          const { lang } = setUp();
          probe = PlayerProbe.mount({ src: missingPlaylist() }, { lang });
          await probe.waitForState('waiting');
          expect(probe.message).to.equal(expected.waiting);
          probe.remove();

          probe = PlayerProbe.mount({ src: live.playlistUrl, controls: true }, { lang });
          await probe.waitForState('paused');
          const { player } = probe;
          const large = player.shadowRoot!.querySelector('[part~="status"] [part~="play-button"]');
          expect(label(large), 'the large play button').to.equal(expected.play);
          expect(label(part(player, 'controls')), 'the control bar').to.equal(expected.controls);
          expect(label(part(player, 'controls')!.querySelector('[part~="play-button"]')), 'play').to.equal(expected.play);
          expect(label(part(player, 'mute-button')), 'mute').to.equal(expected.mute);
          expect(label(part(player, 'volume')), 'volume').to.equal(expected.volume);
        });
      }
    });

    it('follows a change of lang at once', async () => {
      probe = PlayerProbe.mount({ src: live.playlistUrl, controls: true }, { lang: 'en' });
      await probe.waitForState('paused');
      const { player } = probe;
      expect(label(part(player, 'controls'))).to.equal(english.controls);
      player.lang = 'ja';
      await player.updateComplete;
      await sleep(1_500);
      expect(label(part(player, 'controls')), 'the control bar after lang="ja"').to.equal(japanese.controls);
      expect(label(part(player, 'mute-button')), 'mute after lang="ja"').to.equal(japanese.mute);
    });
  });

  describe('controls', () => {
    it('axe finds no violations, playing, paused and waiting, in English and Japanese', async () => {
      for (const lang of ['en', 'ja']) {
        probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, controls: true }, { lang });
        await probe.waitForState('playing');
        await waitUntil(() => part(probe!.player, 'quality') !== null, 'the quality menu');
        await expect(probe.player, `${lang}, playing`).to.be.accessible();
        probe.player.pause();
        await probe.waitForState('paused');
        await expect(probe.player, `${lang}, paused`).to.be.accessible();
        probe.remove();

        probe = PlayerProbe.mount({ src: missingPlaylist(), controls: true }, { lang });
        await probe.waitForState('waiting');
        await expect(probe.player, `${lang}, waiting`).to.be.accessible();
        probe.remove();
      }
    });

    it('every control is reachable and usable by keyboard, shown when focused, and labelled', async () => {
      page = document.createElement('div');
      const before = Object.assign(document.createElement('button'), { textContent: 'before' });
      const after = Object.assign(document.createElement('button'), { textContent: 'after' });
      page.append(before);
      document.body.append(page);
      // Muted: WebKit's own policy refuses sound without a gesture; the walk is the same everywhere.
      probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, controls: true, muted: true }, { parent: page, lang: 'en' });
      page.append(after);
      const { player } = probe;
      await probe.waitForState('playing');
      await waitUntil(() => part(player, 'quality') !== null, 'the quality menu');

      before.focus();
      const stops: string[] = [];
      for (let stop = 0; stop < 12 && document.activeElement !== after; stop++) {
        await press('Tab');
        if (document.activeElement === player) stops.push(focusedControl(player));
        if (stop === 0) await waitUntil(() => isShown(part(player, 'controls')), 'the control bar shown on focus', 5_000);
      }
      expect(document.activeElement === after, `Tab went through the player to the next control (stops: ${stops.join(', ')})`).to.equal(
        true,
      );
      expect(stops.slice(0, 4)).to.deep.equal(['play-button|Pause', 'mute-button|Unmute', 'volume|Volume', 'live-badge|Live']);
      expect(stops, 'the quality menu').to.include('quality|Quality');
      if (document.fullscreenEnabled)
        expect(
          stops.some((stop) => stop.startsWith('fullscreen-button|')),
          stops.join(', '),
        ).to.equal(true);
      for (const stop of stops) expect(stop.split('|')[1], `name of ${stop}`).not.to.equal('');

      for (let stop = 0; stop < 12 && !focusedControl(player).startsWith('play-button'); stop++) await pressShiftTab();
      expect(focusedControl(player), 'Shift+Tab back to play').to.equal('play-button|Pause');
      await press('Enter');
      await probe.waitForState('paused');
      expect(focusedControl(player), 'focus stays on the button, relabelled').to.equal('play-button|Play');
      await press('Space');
      await probe.waitForState('playing');

      await press('Tab');
      expect(focusedControl(player)).to.equal('mute-button|Unmute');
      await press('Enter');
      await waitUntil(() => !probe!.video.muted, 'sound after Enter on Unmute');
      await player.updateComplete;
      expect(focusedControl(player), 'the mute button, relabelled').to.equal('mute-button|Mute');
      expect(player.hasAttribute('muted')).to.equal(false);
      await probe.waitForProgress(1);
      expect(probe.state).to.equal('playing');
    });

    it('without autoplay, loads no media and waits for the viewer, then plays from the large play button', async () => {
      const sources = mediaSourceCount().made;
      probe = PlayerProbe.mount({ src: live.playlistUrl }, { lang: 'en' });
      await probe.waitForState('paused');
      await sleep(1_000);
      expect(probe.state, 'still waiting for the viewer').to.equal('paused');
      expect(mediaSourceCount().made, 'MediaSources before play').to.equal(sources);
      const large = part(probe.player, 'play-button')!;
      expect(isShown(large), 'the large play button').to.equal(true);
      expect(label(large)).to.equal(english.play);
      await click(large);
      await probe.waitForState('playing');
      await probe.waitForProgress(1);
      expect(part(probe.player, 'play-button') !== null, 'the large play button is gone').to.equal(false);
    });

    it('the quality menu lists the renditions and switches them, by keyboard', async () => {
      probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, controls: true }, { lang: 'en' });
      await probe.waitForState('playing');
      await waitUntil(() => part(probe!.player, 'quality') !== null, 'the quality menu');
      const menu = part(probe.player, 'quality') as HTMLSelectElement;
      expect(label(menu)).to.equal('Quality');
      expect([...menu.options].map((option) => option.text.trim())).to.deep.equal(['Auto', '240p', '120p']);
      expect(menu.selectedOptions[0]?.text.trim()).to.equal('Auto');

      menu.focus();
      await press('ArrowDown');
      await press('ArrowDown');
      expect(menu.selectedOptions[0]?.text.trim(), 'chosen with ArrowDown twice').to.equal('120p');
      await waitUntil(() => probe!.video.videoHeight === 120, `120p playing (now ${probe.video.videoHeight}p)`, 30_000);
      await press('ArrowUp');
      expect(menu.selectedOptions[0]?.text.trim(), 'chosen with ArrowUp').to.equal('240p');
      await waitUntil(() => probe!.video.videoHeight === 240, `240p playing (now ${probe.video.videoHeight}p)`, 30_000);
      // Playback goes on (a switch may stall a moment while the new rendition buffers).
      await probe.waitForState('playing').catch((error: Error) => {
        throw new Error(`${error.message}; video at ${probe!.video.currentTime.toFixed(2)} s, buffered ${bufferedRanges(probe!.video)}`);
      });
      await probe.waitForProgress(1);
    });
  });

  describe('autoplay where the browser wants a gesture', () => {
    it('for sound: plays muted and offers to unmute', async () => {
      restorePlay = refuseAutoplay({ evenMuted: false });
      probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true }, { lang: 'en' });
      await probe.waitForState('playing');
      await probe.waitForProgress(1);
      expect(probe.video.muted, 'the video plays muted').to.equal(true);
      expect(probe.player.hasAttribute('muted'), 'the muted attribute').to.equal(true);
      expect(probe.errors.map(({ code, recoverable }) => [code, recoverable])).to.deep.equal([['autoplay-blocked', true]]);
      const unmute = part(probe.player, 'unmute-button')!;
      expect(isShown(unmute), 'the unmute button').to.equal(true);
      expect(label(unmute)).to.equal('Unmute');

      await click(unmute);
      await waitUntil(() => !probe!.video.muted, 'sound after the unmute button');
      await probe.player.updateComplete;
      expect(part(probe.player, 'unmute-button') !== null, 'the unmute button is gone').to.equal(false);
      expect(probe.player.hasAttribute('muted')).to.equal(false);
      expect(probe.state).to.equal('playing');
      await probe.waitForProgress(1);
    });

    it('even muted: waits paused for the viewer to press play', async () => {
      restorePlay = refuseAutoplay({ evenMuted: true });
      probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true }, { lang: 'en' });
      await probe.waitForState('paused');
      expect(probe.errors.map(({ code, recoverable }) => [code, recoverable])).to.deep.equal([['autoplay-blocked', false]]);
      expect(probe.video.muted, 'no muted playback left behind').to.equal(false);
      expect(part(probe.player, 'unmute-button') !== null, 'unmute-button').to.equal(false);
      await click(part(probe.player, 'play-button')!);
      await probe.waitForState('playing');
      await probe.waitForProgress(1);
    });

    it('with muted, autoplays without asking', async () => {
      restorePlay = refuseAutoplay({ evenMuted: false });
      probe = PlayerProbe.mount({ src: live.playlistUrl, autoplay: true, muted: true }, { lang: 'en' });
      await probe.waitForState('playing');
      await probe.waitForProgress(1);
      expect(probe.errors).to.deep.equal([]);
      expect(part(probe.player, 'unmute-button') !== null, 'unmute-button').to.equal(false);
    });
  });
});
