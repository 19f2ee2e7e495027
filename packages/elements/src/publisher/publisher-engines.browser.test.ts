/**
 * `<ifls-publisher>` in every engine against the real emulator: it goes live with a codec the
 * browser can really send (Firefox ESR here has no H.264 for WebRTC: VP8), says which, and a
 * viewer in another browser plays what it sent. Where the engine has no WebRTC (WebKitGTK here),
 * it says `unsupported` before any network traffic.
 */
import { expect } from '@open-wc/testing';
import '../define/ifls-publisher.js';
import type { IflsPublisher } from './publisher.js';
import type { IflsStateChangeEvent } from '../events/state-change-event.js';
import type { IflsErrorEvent } from '../events/error-event.js';
import { emulator, releaseFixtures, type Channel } from '../test/browser/fixtures.js';
import { engine, waitUntil } from '../test/browser/engine.js';

const hls = [
  { durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 360, fps: 30, bps: 800_000 }, audio: { bps: 64_000 } },
];

function mount(channel: Channel | null, attributes: Record<string, string> = {}) {
  const publisher = document.createElement('ifls-publisher');
  for (const [name, value] of Object.entries(attributes)) publisher.setAttribute(name, value);
  if (channel) publisher.channel = channel;
  const states: IflsStateChangeEvent[] = [];
  const errors: IflsErrorEvent[] = [];
  publisher.addEventListener('ifls-state-change', (event) => states.push(event));
  publisher.addEventListener('ifls-error', (event) => errors.push(event));
  document.body.append(publisher);
  return { publisher, states, errors };
}

function waitForState(publisher: IflsPublisher, state: string, errors: IflsErrorEvent[]): Promise<void> {
  return waitUntil(
    () => publisher.state === state,
    `state ${state}, is ${publisher.state} (errors: ${errors.map((error) => `${error.code}: ${error.message}`).join('; ')})`,
    60_000,
  );
}

/** Bytes the element's peer connection has sent of each kind, from getStats. */
async function bytesSent(publisher: IflsPublisher): Promise<Record<string, number>> {
  const sent: Record<string, number> = {};
  const report = await publisher.connection!.pc!.getStats();
  report.forEach((entry: { type: string; kind?: string; bytesSent?: number }) => {
    if (entry.type === 'outbound-rtp' && entry.kind) sent[entry.kind] = (sent[entry.kind] ?? 0) + (entry.bytesSent ?? 0);
  });
  return sent;
}

describe('<ifls-publisher> in this engine', () => {
  let publisher: IflsPublisher | undefined;
  afterEach(async () => {
    await publisher?.stop();
    publisher?.remove();
    publisher = undefined;
  });
  after(releaseFixtures);

  it('goes live with a video codec this browser can send, names it, and a viewer elsewhere plays it', async function () {
    if (!engine.webrtc) this.skip(); // WebKitGTK here: see the `unsupported` test below
    const channel = await emulator.createChannel(hls);
    const mounted = mount(channel);
    publisher = mounted.publisher;
    await publisher.start();
    await waitForState(publisher, 'live', mounted.errors);

    const sendable = RTCRtpSender.getCapabilities('video')!.codecs.map((codec) => codec.mimeType.replace('video/', '').toUpperCase());
    const live = mounted.states.find((event) => event.state === 'live')!;
    expect(live.videoCodec, 'the live event names the codec').to.be.a('string');
    expect(sendable, `the browser can send ${live.videoCodec}`).to.include(live.videoCodec);
    expect(publisher.videoCodecInUse).to.equal(live.videoCodec);
    if (engine.name === 'firefox' && !sendable.includes('H264')) expect(live.videoCodec).to.not.equal('H264');

    // `live` is true: both kinds are leaving the browser, and keep doing so.
    const first = await bytesSent(publisher);
    await waitUntil(async () => {
      const now = await bytesSent(publisher!);
      return now.video! > first.video! && now.audio! > first.audio!;
    }, 'video and audio bytes growing');

    const watched = await emulator.watch(channel.playlist_url, 2);
    expect([watched.width, watched.height], 'the viewer sees the channel size').to.deep.equal([640, 360]);
    expect(watched.played).to.be.at.least(2);
  });

  it('without WebRTC, start() ends in error "unsupported" and opens no connection', async () => {
    const channel = await emulator.createChannel(hls);
    const original = window.RTCPeerConnection;
    // Where the engine has WebRTC, take it away for this test only: the element must look at call time.
    if (engine.webrtc) delete (window as { RTCPeerConnection?: unknown }).RTCPeerConnection;
    const sockets: string[] = [];
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        sockets.push(String(url));
        super(url, protocols);
      }
    };
    try {
      const mounted = mount(channel);
      publisher = mounted.publisher;
      await publisher.start();
      await waitForState(publisher, 'error', mounted.errors);
      expect(mounted.errors.map((error) => error.code)).to.deep.equal(['unsupported']);
      expect(sockets, 'no signaling connection was opened').to.deep.equal([]);
      const status = publisher.shadowRoot!.querySelector('[part~="status"]')?.textContent ?? publisher.shadowRoot!.textContent;
      expect(status).to.match(/WebRTC|not supported|unsupported/i);
      expect(await emulator.listConnections(channel.channel_id), 'the channel saw no connection').to.deep.equal([]);
    } finally {
      window.WebSocket = NativeWebSocket;
      if (engine.webrtc) window.RTCPeerConnection = original;
    }
  });
});
