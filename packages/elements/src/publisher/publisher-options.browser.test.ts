/**
 * `<ifls-publisher>` at the edges of its options, in every engine. `video-codec` takes a codec in
 * any case; an unknown one, and a `metadata` that cannot be sent (not JSON, over 64 KiB, over 32
 * levels), end `start()` in `error` before anything opens: no camera, no WebSocket, nothing at the
 * channel. They are the page's mistakes, so they are found before what the browser lacks: WebKitGTK
 * here (no WebRTC) reports them too, not `unsupported`. What is accepted goes live on the emulator,
 * where the engine has WebRTC.
 */
import { expect } from '@open-wc/testing';
import { emulator, releaseFixtures, type Channel } from '../test/browser/fixtures.js';
import { engine, sleep } from '../test/browser/engine.js';
import { PublisherProbe } from '../test/browser/publisher-probe.js';
import { PublisherError } from './publisher-error.js';
import type { PublisherVideoCodec } from './publisher-types.js';
import type { JsonValue } from './sora-types.js';

const hls = [
  { durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 360, fps: 30, bps: 800_000 }, audio: { bps: 64_000 } },
];

/**
 * The emulator's bounds, written out: metadata at most 64 KiB as JSON; a signaling message nests
 * at most 32 levels, the message being level 1, so the metadata inside `connect` at most 31.
 */
const maxBytes = 64 * 1024;
const maxDepth = 31;

/** `levels` arrays nested one inside the other, the innermost empty: `[[…[]…]]`. */
function nested(levels: number): JsonValue {
  let value: JsonValue = [];
  for (let level = 1; level < levels; level++) value = [value];
  return value;
}

/** `{ "pad": "xxx…", …extra }` whose JSON takes exactly `bytes` bytes (ASCII: bytes are characters). */
function ofBytes(bytes: number, extra: Record<string, JsonValue> = {}): Record<string, JsonValue> {
  const frame = JSON.stringify({ pad: '', ...extra }).length;
  return { pad: 'x'.repeat(bytes - frame), ...extra };
}

/** Counts what would open a camera or a connection: getUserMedia, WebSocket (Sora signaling), RTCPeerConnection. */
function watchOpenings(): {
  readonly getUserMedia: number;
  readonly webSockets: string[];
  readonly peerConnections: number;
  restore(): void;
} {
  let getUserMedia = 0;
  let peerConnections = 0;
  const webSockets: string[] = [];
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
        webSockets.push(String(url));
        super(url, protocols);
      }
    };
  });
  replace(window, 'RTCPeerConnection', (original) => {
    const Native = original as typeof RTCPeerConnection;
    return class CountedPeerConnection extends Native {
      constructor(configuration?: RTCConfiguration) {
        peerConnections += 1;
        super(configuration);
      }
    };
  });
  return {
    get getUserMedia() {
      return getUserMedia;
    },
    get peerConnections() {
      return peerConnections;
    },
    webSockets,
    restore() {
      for (const restore of restores.reverse()) restore();
    },
  };
}

describe('<ifls-publisher> options, checked before connecting', () => {
  let channel: Channel;
  let probe: PublisherProbe | undefined;
  let openings: ReturnType<typeof watchOpenings> | undefined;

  before(async () => {
    channel = await emulator.createChannel(hls);
  });
  afterEach(async () => {
    openings?.restore();
    openings = undefined;
    await probe?.remove();
    probe = undefined;
  });
  after(releaseFixtures);

  /** start() on a publisher of `channel` that the page set up wrongly: it must end in `code` having opened nothing. */
  async function expectRefused(probe: PublisherProbe, code: string): Promise<PublisherError> {
    openings = watchOpenings();
    await probe.publisher.start();
    await probe.publisher.updateComplete;
    const { publisher } = probe;
    expect(
      [publisher.state, publisher.getAttribute('state')],
      `state (errors: ${probe.errors.map((e) => `${e.code}: ${e.message}`).join('; ')})`,
    ).to.deep.equal(['error', 'error']);
    expect(
      probe.errors.map(({ code, recoverable }) => [code, recoverable]),
      'ifls-error events',
    ).to.deep.equal([[code, false]]);
    expect(probe.states, 'state changes').to.deep.equal(['error']);
    expect(publisher.error).to.be.instanceOf(PublisherError);
    expect(publisher.error!.code).to.equal(code);
    expect(publisher.localStream, 'no camera open').to.equal(null);
    await sleep(300); // anything started in the background would have begun by now
    expect([openings.getUserMedia, openings.webSockets, openings.peerConnections], 'cameras, WebSockets, peer connections').to.deep.equal([
      0,
      [],
      0,
    ]);
    expect(await emulator.listConnections(channel.channel_id), 'connections at the channel').to.deep.equal([]);
    return publisher.error!;
  }

  it('video-codec takes any case: vp8, Vp9 and h264 are VP8, VP9 and H264; removing it gives H264', async () => {
    probe = PublisherProbe.mount({ attributes: { 'video-codec': 'vp8' } });
    const { publisher } = probe;
    expect(publisher.videoCodec).to.equal('VP8');
    const cases: [string, string][] = [
      ['Vp9', 'VP9'],
      ['h264', 'H264'],
      ['aV1', 'AV1'],
      ['VP8', 'VP8'],
      ['vp10', 'vp10'], // kept as written, for start() to name it
    ];
    for (const [written, read] of cases) {
      publisher.setAttribute('video-codec', written);
      expect(publisher.videoCodec, written).to.equal(read);
    }
    publisher.removeAttribute('video-codec');
    expect(publisher.videoCodec, 'the default').to.equal('H264');
  });

  for (const [how, value] of [
    ['attribute', 'vp10'],
    ['attribute', 'theora'],
    ['attribute', ''],
    ['property', 'theora'],
    ['property', 'H265'],
  ] as const) {
    it(`video-codec "${value}" (${how}) ends start() in invalid-video-codec before anything opens`, async () => {
      probe = PublisherProbe.mount({ channel, attributes: how === 'attribute' ? { 'video-codec': value } : {} });
      if (how === 'property') probe.publisher.videoCodec = value as PublisherVideoCodec;
      const error = await expectRefused(probe, 'invalid-video-codec');
      expect(error.codec, 'error.codec: the value as set').to.equal(value);
      expect(probe.errors[0]!.codec).to.equal(value);
      expect(error.message).to.contain(`"${value}"`);
      expect(probe.status, 'the status').to.equal(`Unknown video codec "${value}": use H264, VP8, VP9 or AV1.`);
    });
  }

  const unsendable: [string, () => unknown, RegExp][] = [
    [
      'a cycle',
      () => {
        const token: Record<string, unknown> = { access_token: 'abc' };
        token.self = token;
        return token;
      },
      /not JSON \(\w*Error/,
    ],
    ['a BigInt', () => ({ access_token: 'abc', issued: 1_700_000_000n }), /not JSON \(\w*Error/],
    ['a function', () => () => 'abc', /not JSON \(a function\)/],
    ['over 64 KiB of JSON', () => ofBytes(maxBytes + 1), /65537 bytes of JSON, over 65536/],
    [
      '32 levels of nesting',
      () => ({ access_token: 'abc', deep: nested(maxDepth) }),
      /32 levels deep, over 31 \(32 in the connect message\)/,
    ],
  ];
  for (const [what, make, message] of unsendable) {
    it(`metadata with ${what} ends start() in invalid-metadata before anything opens`, async () => {
      probe = PublisherProbe.mount({ channel, attributes: { 'connect-timeout': '5000' } });
      probe.publisher.metadata = make() as JsonValue;
      const error = await expectRefused(probe, 'invalid-metadata');
      expect(error.message).to.match(message);
      expect(probe.status, 'the status').to.equal('The connection metadata cannot be sent: not JSON, or too large.');
    });
  }

  it('metadata at the bounds (exactly 64 KiB of JSON, 31 levels) passes the checks and reaches the auth webhook as it is', async () => {
    const metadata = ofBytes(maxBytes, { deep: nested(maxDepth - 1) });
    expect(new TextEncoder().encode(JSON.stringify(metadata)).length).to.equal(maxBytes);
    const webhook = await emulator.authWebhook({ allowed: true });
    const bounded = await emulator.createChannel(hls, { authWebhookUrl: webhook.url });
    probe = PublisherProbe.mount({ channel: bounded, attributes: { 'video-codec': 'vp8' } });
    probe.publisher.metadata = metadata;
    await probe.publisher.start();
    if (!engine.webrtc) {
      // Past the option checks, the browser's lack is what stops it.
      expect(probe.errors.map((error) => error.code)).to.deep.equal(['unsupported']);
      return;
    }
    await probe.waitForState('live');
    const asked = await webhook.requests();
    expect(asked.length, 'auth webhook requests').to.equal(1);
    expect(asked[0]!.metadata, 'the metadata the webhook got').to.deep.equal(metadata);
  });

  it('a video-codec in any case goes live with that codec and the channel gets HLS; a fixed one works after an invalid one', async function () {
    if (!engine.webrtc) this.skip(); // WebKitGTK here: the refusals above are what it can show
    const sendable = RTCRtpSender.getCapabilities('video')!.codecs.map((codec) => codec.mimeType.toUpperCase());
    for (const written of ['vp8', 'Vp9']) {
      const codec = written.toUpperCase();
      if (codec !== 'VP8' && !sendable.includes(`VIDEO/${codec}`)) continue; // VP8: every WebRTC browser (RFC 7742)
      const live = await emulator.createChannel(hls);
      probe = PublisherProbe.mount({ channel: live, attributes: { 'video-codec': `${written}0` } });
      await probe.publisher.start();
      expect(
        probe.errors.map((error) => error.code),
        `${written}0`,
      ).to.deep.equal(['invalid-video-codec']);

      probe.publisher.setAttribute('video-codec', written);
      await probe.publisher.start();
      await probe.waitForState('live');
      expect(probe.states).to.deep.equal(['error', 'connecting', 'live']);
      expect(probe.videoCodecs[2], 'the live event names the codec sent').to.equal(codec);
      expect(probe.publisher.videoCodecInUse).to.equal(codec);
      await emulator.waitForSegments(live.playlist_url, 2, 60_000);
      await probe.remove();
      probe = undefined;
    }
  });
});
