/**
 * `<ifls-publisher>` without a server, in every engine: camera, preview, devices, ownership of
 * tracks, errors, language, keyboard and accessibility. Chromium and Firefox ESR give fake capture
 * devices; WebKitGTK here has no WebRTC (and no capture device), so what needs the camera skips
 * there and what it can show (labels, `unsupported`, axe while idle) runs. A denied permission
 * and an insecure page need their own browser launch: they stay in publisher-media.test.ts.
 */
import { expect } from '@open-wc/testing';
import { engine, sleep, waitUntil } from '../test/browser/engine.js';
import { PublisherProbe } from '../test/browser/publisher-probe.js';
import { click, press } from '../test/browser/user.js';

/** The label of the camera a fresh preview opens. */
const firstCamera = engine.name === 'chromium' ? 'fake_device_0' : 'Default Video Device';

describe('<ifls-publisher> media', () => {
  let probe: PublisherProbe | undefined;
  afterEach(async () => {
    await probe?.remove();
    probe = undefined;
    document.body.replaceChildren();
  });

  /** Skips a test that needs the camera where the engine cannot broadcast (WebKitGTK: no WebRTC, no devices). */
  function needsCamera(context: Mocha.Context): void {
    if (!engine.webrtc) context.skip();
  }

  async function previewing(attributes: Record<string, string> = {}): Promise<PublisherProbe> {
    probe = PublisherProbe.mount({ attributes });
    await probe.publisher.preview();
    await probe.waitForState('previewing');
    return probe;
  }

  it('preview() shows the moving camera and stop() turns it off', async function () {
    needsCamera(this);
    probe = PublisherProbe.mount();
    expect(probe.state).to.equal('idle');
    await probe.publisher.preview();
    await probe.waitForState('previewing');
    expect(await probe.previewIsMoving(), 'the preview presents new frames').to.equal(true);
    const tracks = probe.publisher.localStream!.getTracks();
    expect(tracks.map((track) => `${track.kind}:${track.readyState}`).sort()).to.deep.equal(['audio:live', 'video:live']);
    expect(probe.publisher.localStream!.getVideoTracks()[0]!.label).to.equal(firstCamera);
    await probe.publisher.stop();
    expect(tracks.map((track) => `${track.kind}:${track.readyState}`).sort()).to.deep.equal(['audio:ended', 'video:ended']);
    expect(probe.publisher.state).to.equal('idle');
    expect(probe.states).to.deep.equal(['previewing', 'idle']);
  });

  it('lists both fake cameras and switches the preview to the one picked', async function () {
    // Chromium gets two fake cameras (device-count=2, see test/wtr/engines.ts); Firefox's fake
    // capture has one camera, for which the element shows no picker.
    if (engine.name !== 'chromium') this.skip();
    probe = PublisherProbe.mount();
    await probe.publisher.updateComplete;
    await click(probe.button('Preview'));
    await probe.waitForState('previewing');
    await waitUntil(() => probe!.picker('Camera') !== null, 'the camera picker');
    const options = [...probe.picker('Camera')!.options].map((option) => option.textContent.trim());
    expect(options).to.deep.equal(['fake_device_0', 'fake_device_1']);

    probe.choose('Camera', 'fake_device_1');
    await waitUntil(() => probe!.publisher.localStream?.getVideoTracks()[0]?.label === 'fake_device_1', 'the new camera');
    const video = probe.publisher.shadowRoot!.querySelector('video')!;
    expect((video.srcObject as MediaStream).getVideoTracks()[0]!.label).to.equal('fake_device_1');
    expect(await probe.previewIsMoving()).to.equal(true);
  });

  it('a single camera gets no picker', async function () {
    // Firefox's fake capture has one camera and one microphone: nothing to pick from.
    if (engine.name !== 'firefox') this.skip();
    await previewing();
    await probe!.publisher.updateComplete;
    expect(probe!.publisher.cameras).to.have.length(1);
    expect(probe!.picker('Camera')).to.equal(null);
    expect(probe!.picker('Microphone')).to.equal(null);
  });

  it('a camera that cannot be opened is reported and the preview keeps the one in use', async function () {
    needsCamera(this);
    await previewing();
    probe!.publisher.cameraId = 'no-such-camera';
    await waitUntil(() => probe!.errors.length > 0, 'the error');
    expect(probe!.errors.map(({ code, recoverable }) => ({ code, recoverable }))).to.deep.equal([
      { code: 'overconstrained', recoverable: true },
    ]);
    expect(probe!.state).to.equal('previewing');
    expect(probe!.publisher.localStream!.getVideoTracks()[0]!.readyState).to.equal('live');
    expect(await probe!.previewIsMoving()).to.equal(true);
  });

  it('the camera and microphone buttons mute and unmute the tracks', async function () {
    needsCamera(this);
    await previewing();
    await probe!.publisher.updateComplete;
    await click(probe!.button('Camera'));
    await click(probe!.button('Microphone'));
    await probe!.publisher.updateComplete;
    const { publisher } = probe!;
    expect([publisher.hasAttribute('video-muted'), publisher.hasAttribute('audio-muted')]).to.deep.equal([true, true]);
    expect(publisher.localStream!.getTracks().map((track) => track.enabled)).to.deep.equal([false, false]);
    expect(probe!.button('Camera').getAttribute('aria-pressed')).to.equal('false');

    await click(probe!.button('Camera'));
    await publisher.updateComplete;
    expect(publisher.localStream!.getVideoTracks()[0]!.enabled).to.equal(true);
    expect(publisher.localStream!.getAudioTracks()[0]!.enabled).to.equal(false);
    expect(probe!.button('Camera').getAttribute('aria-pressed')).to.equal('true');
  });

  it('moving the element keeps the preview; removing it stops every track', async function () {
    needsCamera(this);
    const main = document.createElement('main');
    const aside = document.createElement('aside');
    document.body.append(main, aside);
    probe = PublisherProbe.mount({ parent: main });
    const { publisher } = probe;
    await publisher.preview();
    await probe.waitForState('previewing');
    const tracks = publisher.localStream!.getTracks();
    aside.append(publisher);
    await sleep(0);
    expect({ state: publisher.state, tracks: tracks.map((track) => track.readyState) }).to.deep.equal({
      state: 'previewing',
      tracks: ['live', 'live'],
    });
    publisher.remove();
    await sleep(0);
    expect({ state: publisher.state, tracks: tracks.map((track) => track.readyState) }).to.deep.equal({
      state: 'idle',
      tracks: ['ended', 'ended'],
    });
  });

  it('no live track is left after 20 mount/unmount cycles, removals racing the camera included', async function () {
    needsCamera(this);
    // Record every track the page gets, to look at all of them at the end.
    const tracks: MediaStreamTrack[] = [];
    const getUserMedia = Object.getOwnPropertyDescriptor(MediaDevices.prototype, 'getUserMedia')!;
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await (getUserMedia.value as MediaDevices['getUserMedia']).call(navigator.mediaDevices, constraints);
      tracks.push(...stream.getTracks());
      return stream;
    };
    try {
      for (let cycle = 0; cycle < 20; cycle++) {
        const publisher = document.createElement('ifls-publisher');
        document.body.append(publisher);
        const previewing = publisher.preview();
        // Even cycles leave while the camera is still opening; odd ones once it shows.
        if (cycle % 2 === 1) await previewing;
        publisher.remove();
        await previewing;
      }
      await sleep(100);
    } finally {
      delete (navigator.mediaDevices as { getUserMedia?: unknown }).getUserMedia; // the prototype's again
    }
    expect(tracks.length, `tracks were opened (${tracks.length})`).to.be.at.least(20);
    expect(tracks.filter((track) => track.readyState === 'live')).to.have.length(0);
  });

  it('a page stream is previewed and sent as clones: the page keeps its own track', async function () {
    needsCamera(this);
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 180;
    const context = canvas.getContext('2d')!;
    let hue = 0;
    const timer = setInterval(() => {
      context.fillStyle = `hsl(${(hue += 10)} 80% 50%)`;
      context.fillRect(0, 0, 320, 180);
    }, 33);
    try {
      const pageStream = canvas.captureStream(30);
      probe = PublisherProbe.mount();
      probe.publisher.stream = pageStream;
      await probe.publisher.preview();
      const pageTrack = pageStream.getVideoTracks()[0]!;
      const sent = probe.publisher
        .localStream!.getTracks()
        .map((track) => `${track.kind}:${track.label === pageTrack.label ? 'canvas' : 'device'}`);
      // The canvas has no audio, so the microphone is used beside it.
      expect(sent.sort()).to.deep.equal(['audio:device', 'video:canvas']);
      expect(probe.publisher.localStream!.getVideoTracks()[0], 'a clone').to.not.equal(pageTrack);
      expect(await probe.previewIsMoving()).to.equal(true);
      await probe.publisher.stop();
      expect(pageTrack.readyState).to.equal('live');
    } finally {
      clearInterval(timer);
    }
  });

  it('start() without a channel fails with no-channel, the camera untouched', async function () {
    needsCamera(this); // without WebRTC, start() says `unsupported` first
    probe = PublisherProbe.mount();
    await probe.publisher.start();
    expect(probe.errors.map(({ code, recoverable }) => ({ code, recoverable }))).to.deep.equal([
      { code: 'no-channel', recoverable: false },
    ]);
    expect(probe.state).to.equal('error');
    expect(probe.publisher.localStream).to.equal(null);
  });

  it('speaks Japanese inside lang="ja"', async () => {
    const japanese = document.createElement('div');
    japanese.lang = 'ja';
    document.body.append(japanese);
    probe = PublisherProbe.mount({ parent: japanese });
    await probe.publisher.updateComplete;
    expect(probe.button('配信開始')).to.exist;
    expect(probe.status).to.equal('停止中');
    if (!engine.webrtc) return; // WebKitGTK here cannot preview: the labels are what it can show
    await click(probe.button('プレビュー'));
    await probe.waitForState('previewing');
    await probe.publisher.updateComplete;
    expect(probe.status).to.equal('プレビュー中（未配信）');
  });

  it('axe finds no violations while idle', async () => {
    probe = PublisherProbe.mount();
    await probe.publisher.updateComplete;
    await expect(probe.publisher).to.be.accessible();
  });

  it('is operable by keyboard, and axe finds no violations while previewing', async function () {
    needsCamera(this);
    const before = document.createElement('button');
    before.textContent = 'before';
    document.body.append(before);
    probe = PublisherProbe.mount();
    await probe.publisher.updateComplete;
    // Tab from the button before the element into it, and press Enter on its first control: the preview button.
    before.focus();
    await press('Tab');
    expect(probe.publisher.shadowRoot!.activeElement?.getAttribute('part')).to.equal('preview-button');
    await press('Enter');
    await probe.waitForState('previewing');
    await waitUntil(() => probe!.publisher.shadowRoot!.querySelector('[part="camera-button"]') !== null, 'the media controls');
    await probe.publisher.updateComplete;
    await expect(probe.publisher).to.be.accessible();
  });
});

describe('<ifls-publisher> in a browser that cannot broadcast', () => {
  afterEach(() => document.body.replaceChildren());

  /**
   * A publisher with a channel set calls preview(), then start(): what it said (states, then error
   * codes), how often the camera was asked for, and the WebSockets opened.
   */
  async function tryBothCalls(container: HTMLElement = document.body) {
    let cameraCalls = 0;
    const sockets: string[] = [];
    const mediaDevices = navigator.mediaDevices as MediaDevices | undefined;
    const getUserMedia = mediaDevices?.getUserMedia;
    if (mediaDevices && getUserMedia) {
      mediaDevices.getUserMedia = (constraints) => {
        cameraCalls += 1;
        return getUserMedia.call(mediaDevices, constraints);
      };
    }
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        sockets.push(String(url));
        super(url, protocols);
      }
    };
    try {
      container.innerHTML = '<ifls-publisher sora-url="ws://127.0.0.1:9/signaling" channel-id="no-traffic"></ifls-publisher>';
      const publisher = container.querySelector('ifls-publisher')!;
      const events: string[] = [];
      publisher.addEventListener('ifls-state-change', (event) => events.push(event.state));
      publisher.addEventListener('ifls-error', (event) => events.push(event.recoverable ? `${event.code} (recoverable)` : event.code));
      await publisher.preview();
      await publisher.start();
      await publisher.updateComplete;
      const status = publisher.shadowRoot!.querySelector('[role="status"]')!.textContent.trim();
      return { events, state: publisher.state, cameraCalls, sockets, status, error: publisher.error };
    } finally {
      window.WebSocket = NativeWebSocket;
      if (mediaDevices && getUserMedia) delete (mediaDevices as { getUserMedia?: unknown }).getUserMedia;
    }
  }

  it('without RTCPeerConnection: unsupported from preview() and start(), no camera, no WebSocket, said in the page language', async () => {
    const original = Object.getOwnPropertyDescriptor(window, 'RTCPeerConnection');
    // WebKitGTK here has none; elsewhere it is taken away for this test only.
    if (original) delete (window as { RTCPeerConnection?: unknown }).RTCPeerConnection;
    try {
      const english = await tryBothCalls();
      expect({ ...english, error: english.error?.code, status: undefined }).to.deep.equal({
        events: ['error', 'unsupported', 'unsupported'],
        state: 'error',
        cameraCalls: 0,
        sockets: [],
        error: 'unsupported',
        status: undefined,
      });
      expect(english.status).to.equal(
        'This browser cannot broadcast (no WebRTC or camera access). Use a recent Chrome, Edge, Firefox or Safari.',
      );

      document.body.replaceChildren();
      const japanese = document.createElement('div');
      japanese.lang = 'ja';
      document.body.append(japanese);
      const inJapanese = await tryBothCalls(japanese);
      expect(inJapanese.status).to.match(/^このブラウザーは配信できません/);
      expect(inJapanese.sockets).to.deep.equal([]);
    } finally {
      if (original) Object.defineProperty(window, 'RTCPeerConnection', original);
    }
  });

  it('without getUserMedia: unsupported from preview(), no WebSocket', async () => {
    const getUserMedia = Object.getOwnPropertyDescriptor(MediaDevices.prototype, 'getUserMedia');
    if (getUserMedia) delete (MediaDevices.prototype as { getUserMedia?: unknown }).getUserMedia;
    try {
      const failure = await tryBothCalls();
      expect({ events: failure.events, state: failure.state, cameraCalls: failure.cameraCalls, sockets: failure.sockets }).to.deep.equal({
        events: ['error', 'unsupported', 'unsupported'],
        state: 'error',
        cameraCalls: 0,
        sockets: [],
      });
      // WebKitGTK here lacks RTCPeerConnection too, which is found first.
      expect(failure.error?.message).to.match(engine.webrtc ? /getUserMedia/ : /RTCPeerConnection/);
      expect(failure.status).to.match(/cannot broadcast/);
    } finally {
      if (getUserMedia) Object.defineProperty(MediaDevices.prototype, 'getUserMedia', getUserMedia);
    }
  });
});
