/**
 * `<ifls-publisher>` as a component, in every engine, without connecting to anything and without
 * opening a camera: what it renders, its attributes and properties, its idle state, its events, its
 * languages, axe-core on its screens, the keyboard, and what `start()` does where the browser
 * cannot broadcast. WebKitGTK as Debian builds it has no RTCPeerConnection: there `start()` and
 * `preview()` end in `error` with code `unsupported`; elsewhere the same is shown with
 * RTCPeerConnection hidden from the page.
 */
import { expect } from '@open-wc/testing';
import '../define/ifls-publisher.js';
import { IflsErrorEvent } from '../events/error-event.js';
import { IflsStateChangeEvent } from '../events/state-change-event.js';
import { engine, sleep, waitUntil } from '../test/browser/engine.js';
import { focusedControl, isShown, press } from '../test/browser/user.js';
import { PublisherError } from './publisher-error.js';
import { stringsFor } from './publisher-strings.js';
import type { IflsPublisher } from './publisher.js';

/** The publisher's texts as a user reads them, written out (a broken string table fails here), but for the error messages. */
const english = {
  idle: 'Off air',
  preview: 'Preview',
  start: 'Go live',
  video: 'Camera preview',
  /** The error messages are the string table's (their wording is still moving); they must name the cause. */
  noChannel: stringsFor('en').errors['no-channel'],
  unsupported: stringsFor('en').errors.unsupported,
};
const japanese = {
  idle: '停止中',
  preview: 'プレビュー',
  start: '配信開始',
  video: 'カメラのプレビュー',
  noChannel: stringsFor('ja').errors['no-channel'],
  unsupported: stringsFor('ja').errors.unsupported,
};

function part(publisher: IflsPublisher, name: string): HTMLElement | null {
  return publisher.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

function text(element: Element | null): string {
  return element?.textContent?.trim() ?? '';
}

/** The buttons a user sees, by part and text. */
function shownButtons(publisher: IflsPublisher): string[] {
  return [...publisher.shadowRoot!.querySelectorAll('button')]
    .filter(isShown)
    .map((button) => `${button.getAttribute('part')}|${text(button)}`);
}

/**
 * Counts what would open a camera or a connection: getUserMedia, WebSocket (Sora signaling),
 * RTCPeerConnection; and every resource the page requests. `restore()` puts the originals back.
 */
function watchOpenings(): {
  readonly getUserMedia: number;
  readonly webSockets: string[];
  readonly peerConnections: number;
  readonly requests: string[];
  restore(): void;
} {
  let getUserMedia = 0;
  let peerConnections = 0;
  const webSockets: string[] = [];
  const requests: string[] = [];
  const restores: (() => void)[] = [];
  const replace = <T extends object>(target: T, name: keyof T & string, make: (original: unknown) => unknown) => {
    const descriptor = Object.getOwnPropertyDescriptor(target, name);
    if (!descriptor || typeof descriptor.value !== 'function') return;
    Object.defineProperty(target, name, { ...descriptor, value: make(descriptor.value) });
    restores.push(() => Object.defineProperty(target, name, descriptor));
  };
  const mediaDevices = navigator.mediaDevices as MediaDevices | undefined;
  if (mediaDevices) {
    replace(
      Object.getPrototypeOf(mediaDevices) as MediaDevices,
      'getUserMedia',
      (original) =>
        function (this: MediaDevices, ...args: unknown[]) {
          getUserMedia += 1;
          return (original as (...args: unknown[]) => unknown).apply(this, args);
        },
    );
  }
  replace(window, 'WebSocket', (original) => {
    const Native = original as typeof WebSocket;
    return class CountedWebSocket extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        webSockets.push(String(url));
      }
    };
  });
  replace(window, 'RTCPeerConnection', (original) => {
    const Native = original as typeof RTCPeerConnection;
    return class CountedPeerConnection extends Native {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        peerConnections += 1;
      }
    };
  });
  const observer = new PerformanceObserver((list) => requests.push(...list.getEntries().map((entry) => entry.name)));
  observer.observe({ type: 'resource' });
  return {
    get getUserMedia() {
      return getUserMedia;
    },
    get peerConnections() {
      return peerConnections;
    },
    webSockets,
    requests,
    restore() {
      observer.disconnect();
      for (const restore of restores.reverse()) restore();
    },
  };
}

/**
 * Makes this page a browser without WebRTC, as WebKitGTK is: `RTCPeerConnection` undefined.
 * Nothing to do where it is already missing. Returns the function that brings it back.
 */
function withoutWebRtc(): () => void {
  const descriptor = Object.getOwnPropertyDescriptor(window, 'RTCPeerConnection');
  if (!descriptor) return () => {};
  Object.defineProperty(window, 'RTCPeerConnection', { ...descriptor, value: undefined });
  return () => Object.defineProperty(window, 'RTCPeerConnection', descriptor);
}

describe('<ifls-publisher> as a component', () => {
  let publisher: IflsPublisher | undefined;
  let page: HTMLElement | undefined;
  const cleanups: (() => void)[] = [];

  /** Mounts a publisher with these attributes (`true`: present without value) inside `parent`. */
  function mount(attributes: Record<string, string | true> = {}, parent: HTMLElement = document.body): IflsPublisher {
    const element = document.createElement('ifls-publisher');
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value === true ? '' : value);
    parent.append(element);
    publisher = element;
    return element;
  }

  afterEach(async () => {
    await publisher?.stop();
    publisher?.remove();
    publisher = undefined;
    page?.remove();
    page = undefined;
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    document.documentElement.removeAttribute('lang');
  });

  it('renders idle and opens nothing: Off air, Preview and Go live, the placeholder instead of a video', async () => {
    const openings = watchOpenings();
    cleanups.push(openings.restore);
    page = document.createElement('div');
    document.body.append(page);
    const element = mount({ 'sora-url': 'ws://127.0.0.1:9/signaling', 'channel-id': 'component-test' }, page);
    const placeholder = Object.assign(document.createElement('p'), { slot: 'placeholder', textContent: 'Camera off' });
    element.append(placeholder);
    await element.updateComplete;
    await sleep(1_000);

    expect(element.state).to.equal('idle');
    expect(element.getAttribute('state'), 'the state attribute').to.equal('idle');
    expect(text(part(element, 'state')), 'the status badge').to.equal(english.idle);
    expect(part(element, 'state')!.getAttribute('role')).to.equal('status');
    expect(shownButtons(element)).to.deep.equal([`preview-button|${english.preview}`, `start-button|${english.start}`]);
    expect(isShown(part(element, 'video')), 'the video').to.equal(false);
    expect(isShown(placeholder), 'the placeholder').to.equal(true);
    for (const name of ['stop-button', 'camera-button', 'microphone-button', 'screen-button', 'elapsed', 'network']) {
      expect(part(element, name) !== null, name).to.equal(false);
    }
    const stage = part(element, 'video')!.parentElement!.getBoundingClientRect();
    expect(stage.width / stage.height, 'the video area is 16:9').to.be.closeTo(16 / 9, 0.02);

    expect(element.error === null, 'no error').to.equal(true);
    expect(element.localStream === null, 'no camera stream').to.equal(true);
    expect(element.connection === null, 'no connection').to.equal(true);
    expect(element.connectionId).to.equal(null);
    expect(element.networkStats).to.equal(null);
    expect(element.videoCodecInUse).to.equal(null);
    expect(element.screenSharing).to.equal(false);
    expect(element.elapsedSeconds).to.equal(0);
    expect([openings.getUserMedia, openings.webSockets, openings.peerConnections], 'cameras, WebSockets, peer connections').to.deep.equal([
      0,
      [],
      0,
    ]);
    expect(openings.requests, 'requests').to.deep.equal([]);
  });

  it('maps its attributes to properties, with the documented defaults; the mutes and no-controls reflect both ways', async () => {
    const defaults = mount();
    await defaults.updateComplete;
    expect({
      soraUrl: defaults.soraUrl,
      channelId: defaults.channelId,
      channel: defaults.channel,
      videoCodec: defaults.videoCodec,
      videoBitrate: defaults.videoBitrate,
      audioBitrate: defaults.audioBitrate,
      cameraId: defaults.cameraId,
      microphoneId: defaults.microphoneId,
      stream: defaults.stream === null ? null : 'a stream',
      audioMuted: defaults.audioMuted,
      videoMuted: defaults.videoMuted,
      reconnectAttempts: defaults.reconnectAttempts,
      connectTimeout: defaults.connectTimeout,
      noControls: defaults.noControls,
    }).to.deep.equal({
      soraUrl: '',
      channelId: '',
      channel: null,
      videoCodec: 'H264',
      videoBitrate: undefined,
      audioBitrate: undefined,
      cameraId: '',
      microphoneId: '',
      stream: null,
      audioMuted: false,
      videoMuted: false,
      reconnectAttempts: 10,
      connectTimeout: 10_000,
      noControls: false,
    });
    defaults.remove();

    const element = mount({
      'sora-url': 'wss://sora.example/signaling',
      'channel-id': 'ch-1',
      'video-codec': 'VP9',
      'video-bitrate': '1500',
      'audio-bitrate': '64',
      'camera-id': 'camera-2',
      'microphone-id': 'microphone-2',
      'reconnect-attempts': '0',
      'connect-timeout': '2500',
      'audio-muted': true,
      'video-muted': true,
      'no-controls': true,
    });
    await element.updateComplete;
    expect(element.soraUrl).to.equal('wss://sora.example/signaling');
    expect(element.channelId).to.equal('ch-1');
    expect(element.videoCodec).to.equal('VP9');
    expect(element.videoBitrate).to.equal(1500);
    expect(element.audioBitrate).to.equal(64);
    expect(element.cameraId).to.equal('camera-2');
    expect(element.microphoneId).to.equal('microphone-2');
    expect(element.reconnectAttempts).to.equal(0);
    expect(element.connectTimeout).to.equal(2500);
    expect([element.audioMuted, element.videoMuted, element.noControls]).to.deep.equal([true, true, true]);
    expect(isShown(part(element, 'controls')), 'the control bar with no-controls').to.equal(false);
    expect(isShown(part(element, 'state')), 'the status badge with no-controls').to.equal(true);

    element.audioMuted = false;
    element.videoMuted = false;
    element.noControls = false;
    await element.updateComplete;
    expect(['audio-muted', 'video-muted', 'no-controls'].map((name) => element.hasAttribute(name))).to.deep.equal([false, false, false]);
    expect(isShown(part(element, 'controls')), 'the control bar after noControls = false').to.equal(true);
    element.audioMuted = true;
    element.noControls = true;
    await element.updateComplete;
    expect(['audio-muted', 'video-muted', 'no-controls'].map((name) => element.hasAttribute(name))).to.deep.equal([true, false, true]);
    expect(isShown(part(element, 'controls'))).to.equal(false);

    expect(() => {
      (element as unknown as { state: string }).state = 'live';
    }, 'assigning state').to.throw(TypeError);
    expect(element.state).to.equal('idle');
    expect(element.getAttribute('state')).to.equal('idle');
  });

  describe('speaks the language of its page', () => {
    const cases: { where: string; expected: typeof english; build(): HTMLElement }[] = [
      { where: 'lang="ja" on the element', expected: japanese, build: () => mount({ lang: 'ja' }) },
      {
        where: 'lang="ja-JP" on an ancestor',
        expected: japanese,
        build: () => {
          page = Object.assign(document.createElement('div'), { lang: 'ja-JP' });
          document.body.append(page);
          return mount({}, page);
        },
      },
      {
        where: 'lang="ja" on the document',
        expected: japanese,
        build: () => {
          document.documentElement.lang = 'ja';
          return mount();
        },
      },
      {
        where: 'lang="en" on the element in a Japanese document',
        expected: english,
        build: () => {
          document.documentElement.lang = 'ja';
          return mount({ lang: 'en' });
        },
      },
      {
        where: 'lang="ja" on the host of the shadow root it is in (another component\'s)',
        expected: japanese,
        build: () => {
          page = Object.assign(document.createElement('div'), { lang: 'ja' });
          document.body.append(page);
          return mount({}, page.attachShadow({ mode: 'open' }) as unknown as HTMLElement);
        },
      },
      { where: 'no lang anywhere', expected: english, build: () => mount() },
    ];
    for (const { where, expected, build } of cases) {
      it(where, async () => {
        build();
        await publisher!.updateComplete;
        expect(text(part(publisher!, 'state'))).to.equal(expected.idle);
        expect(shownButtons(publisher!)).to.deep.equal([`preview-button|${expected.preview}`, `start-button|${expected.start}`]);
        expect(part(publisher!, 'video')!.getAttribute('aria-label')).to.equal(expected.video);
      });
    }

    it('follows a change of its lang at once, and takes texts from strings', async () => {
      const element = mount({ lang: 'en' });
      await element.updateComplete;
      element.lang = 'ja';
      await element.updateComplete;
      expect(text(part(element, 'state'))).to.equal(japanese.idle);
      element.strings = { start: 'ライブ配信' };
      await element.updateComplete;
      expect(shownButtons(element)).to.deep.equal([`preview-button|${japanese.preview}`, 'start-button|ライブ配信']);
      expect(text(part(element, 'state'))).to.equal(japanese.idle);
    });
  });

  it('axe finds no violations, idle with controls, idle without them and in error, in English and Japanese', async () => {
    for (const lang of ['en', 'ja']) {
      const element = mount({ lang });
      await element.updateComplete;
      await expect(element, `${lang}, idle`).to.be.accessible();
      element.noControls = true;
      await element.updateComplete;
      await expect(element, `${lang}, no-controls`).to.be.accessible();
      element.noControls = false;
      await element.start();
      expect(element.state).to.equal('error');
      await element.updateComplete;
      await expect(element, `${lang}, error`).to.be.accessible();
      element.remove();
    }
  });

  it('by keyboard: Tab reaches Preview then Go live; Enter on Go live without a channel shows why it cannot start', async () => {
    // Without WebRTC (WebKitGTK) the browser is the first thing start() finds wrong.
    const code = engine.webrtc ? 'no-channel' : 'unsupported';
    const message = engine.webrtc ? english.noChannel : english.unsupported;
    page = document.createElement('div');
    const before = Object.assign(document.createElement('button'), { textContent: 'before' });
    page.append(before);
    document.body.append(page);
    const element = mount({ lang: 'en' }, page);
    await element.updateComplete;
    const openings = watchOpenings();
    cleanups.push(openings.restore);
    const states: IflsStateChangeEvent[] = [];
    const errors: IflsErrorEvent[] = [];
    // The page listens above the element: the events bubble.
    page.addEventListener('ifls-state-change', (event) => states.push(event));
    page.addEventListener('ifls-error', (event) => errors.push(event));

    before.focus();
    await press('Tab');
    expect(focusedControl(element)).to.equal(`preview-button|${english.preview}`);
    await press('Tab');
    expect(focusedControl(element)).to.equal(`start-button|${english.start}`);
    await press('Enter');
    await waitUntil(() => element.state === 'error', `state error (now ${element.state})`, 10_000);

    expect(element.getAttribute('state')).to.equal('error');
    expect(text(part(element, 'state')), 'the status badge').to.equal(message);
    expect(element.error instanceof PublisherError, 'error is a PublisherError').to.equal(true);
    expect(element.error!.code).to.equal(code);
    expect(states.map((event) => [event.previous, event.state])).to.deep.equal([['idle', 'error']]);
    expect(states[0] instanceof IflsStateChangeEvent, 'an IflsStateChangeEvent').to.equal(true);
    expect([states[0]!.bubbles, states[0]!.composed]).to.deep.equal([true, true]);
    expect(errors.map((event) => [event.code, event.recoverable])).to.deep.equal([[code, false]]);
    expect(errors[0] instanceof IflsErrorEvent, 'an IflsErrorEvent').to.equal(true);
    expect(errors[0]!.cause === element.error, 'the event carries the error').to.equal(true);
    expect([openings.getUserMedia, openings.webSockets, openings.peerConnections], 'cameras, WebSockets, peer connections').to.deep.equal([
      0,
      [],
      0,
    ]);
    // The user can try again from the same controls.
    expect(shownButtons(element)).to.deep.equal([`preview-button|${english.preview}`, `start-button|${english.start}`]);
  });

  describe(`without WebRTC (${engine.webrtc ? 'RTCPeerConnection hidden from the page' : 'as this WebKitGTK is'})`, () => {
    beforeEach(() => {
      cleanups.push(withoutWebRtc());
    });

    for (const lang of ['en', 'ja']) {
      it(`start() ends in error unsupported before opening a camera or a connection (${lang})`, async () => {
        expect(typeof window.RTCPeerConnection, 'RTCPeerConnection in this page').to.equal('undefined');
        const expected = lang === 'ja' ? japanese : english;
        const openings = watchOpenings();
        cleanups.push(openings.restore);
        const element = mount({ lang, 'sora-url': 'ws://127.0.0.1:9/signaling', 'channel-id': 'component-test' });
        const states: IflsStateChangeEvent[] = [];
        const errors: IflsErrorEvent[] = [];
        element.addEventListener('ifls-state-change', (event) => states.push(event));
        element.addEventListener('ifls-error', (event) => errors.push(event));
        await element.updateComplete;

        await element.start();
        await element.updateComplete;
        expect(element.state).to.equal('error');
        expect(element.getAttribute('state')).to.equal('error');
        expect(element.error?.code, `error (${element.error?.message})`).to.equal('unsupported');
        expect(text(part(element, 'state')), 'the status badge').to.equal(expected.unsupported);
        expect(expected.unsupported, 'the message names the cause').to.contain('WebRTC');
        expect(states.map((event) => [event.previous, event.state])).to.deep.equal([['idle', 'error']]);
        expect(errors.map((event) => [event.code, event.recoverable])).to.deep.equal([['unsupported', false]]);
        expect(element.localStream === null, 'no camera stream').to.equal(true);
        await sleep(500);
        expect([openings.getUserMedia, openings.webSockets], 'cameras, WebSockets').to.deep.equal([0, []]);
        expect(openings.requests, 'requests').to.deep.equal([]);
        await expect(element, 'axe, in error').to.be.accessible();
      });
    }

    it('preview() ends in error unsupported too, without opening the camera', async () => {
      const openings = watchOpenings();
      cleanups.push(openings.restore);
      const element = mount({ lang: 'en' });
      await element.updateComplete;
      await element.preview();
      await element.updateComplete;
      expect([element.state, element.error?.code]).to.deep.equal(['error', 'unsupported']);
      expect(text(part(element, 'state'))).to.equal(english.unsupported);
      expect(openings.getUserMedia, 'getUserMedia calls').to.equal(0);
      expect(element.localStream === null, 'no camera stream').to.equal(true);
    });
  });
});
