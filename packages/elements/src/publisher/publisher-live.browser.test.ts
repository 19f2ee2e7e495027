/**
 * `<ifls-publisher>` against the emulator in every engine with WebRTC (Chromium, Firefox ESR):
 * real signaling, real WebRTC, real HLS. Assertions are what a broadcaster or a viewer would
 * notice. WebKitGTK here has no RTCPeerConnection, so every test skips there (its `unsupported`
 * answer is tested in publisher-engines.browser.test.ts). What needs the emulator killed stays in
 * publisher-live.test.ts (node:test).
 */
import { expect } from '@open-wc/testing';
import type { PublisherVideoCodec } from './publisher-types.js';
import { emulator, releaseFixtures, type Channel } from '../test/browser/fixtures.js';
import { engine, waitUntil } from '../test/browser/engine.js';
import { PublisherProbe } from '../test/browser/publisher-probe.js';
import { click } from '../test/browser/user.js';

const hls = [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 360, fps: 30, bps: 800_000 } }];

/** The video codecs this browser can send, as the publisher names them (H264, VP8…). */
function sendableVideoCodecs(): string[] {
  return RTCRtpSender.getCapabilities('video')!.codecs.map((codec) => codec.mimeType.replace(/^video\//i, '').toUpperCase());
}

/**
 * The codec a publisher left at its default (H264) goes live with: H.264 where the browser can
 * send it (Chromium always), else VP8 (Firefox ESR without the OpenH264 plug-in).
 */
function defaultCodecHere(): PublisherVideoCodec {
  if (engine.name === 'chromium') return 'H264';
  return sendableVideoCodecs().includes('H264') ? 'H264' : 'VP8';
}

/** The senders' encodings, to compare before and after a switch. */
function senderEncodings(probe: PublisherProbe): string {
  return JSON.stringify(
    probe.publisher
      .connection!.pc!.getSenders()
      .map((sender) => sender.getParameters().encodings)
      .map((encodings) =>
        encodings.map(({ active, maxBitrate, maxFramerate, scaleResolutionDownBy }) => ({
          active,
          maxBitrate,
          maxFramerate,
          scaleResolutionDownBy,
        })),
      ),
  );
}

/** Replaces `object[name]` until the returned function is called. */
function patch<T extends object, K extends keyof T>(object: T, name: K, replacement: T[K]): () => void {
  const original = Object.getOwnPropertyDescriptor(object, name)!;
  Object.defineProperty(object, name, { ...original, value: replacement });
  return () => Object.defineProperty(object, name, original);
}

describe('<ifls-publisher> live on the emulator', () => {
  let probe: PublisherProbe | undefined;
  const restores: (() => void)[] = [];

  beforeEach(function () {
    // WebKitGTK as Debian builds it has no WebRTC: nothing here can run (see publisher-engines).
    if (!engine.webrtc) this.skip();
  });
  afterEach(async () => {
    await probe?.remove();
    probe = undefined;
    while (restores.length > 0) restores.pop()!();
  });
  after(releaseFixtures);

  async function goLive(channel: Channel, attributes: Record<string, string> = {}): Promise<PublisherProbe> {
    probe = PublisherProbe.mount({ channel, attributes });
    await probe.publisher.start();
    await probe.waitForState('live');
    return probe;
  }

  it('goes live, the preview moves and the channel playlist appears', async () => {
    const channel = await emulator.createChannel(hls);
    probe = PublisherProbe.mount({ channel });
    await probe.publisher.updateComplete;
    await click(probe.button('Go live'));
    await probe.waitForState('live');
    expect(probe.states).to.deep.equal(['connecting', 'live']);
    const codec = defaultCodecHere();
    expect(probe.videoCodecs[1], 'the live event names the codec sent').to.equal(codec);
    expect(probe.publisher.videoCodecInUse).to.equal(codec);
    expect(await probe.previewIsMoving()).to.equal(true);
    await probe.publisher.updateComplete;
    expect(probe.status).to.equal('Live');

    const connections = await emulator.listConnections(channel.channel_id);
    expect(connections.map((connection) => connection.connection_id)).to.deep.equal([probe.publisher.connectionId]);
    let playlist = '';
    await waitUntil(async () => {
      const response = await fetch(channel.playlist_url).catch(() => null);
      playlist = response?.ok ? await response.text() : '';
      return playlist !== '';
    }, 'the channel playlist');
    expect(playlist).to.match(/^#EXTM3U/);
  });

  it('switching camera and microphone while live keeps the connection and sends the new devices', async function () {
    // Chromium gets two fake cameras and microphones (device-count=2, see test/wtr/engines.ts);
    // Firefox's fake capture has one of each ("Default Video Device", "Default Audio Device"):
    // nothing to switch to.
    if (engine.name !== 'chromium') this.skip();
    await goLive(await emulator.createChannel(hls));
    const before = probe!.sentTracks();
    expect(before.video.label).to.equal('fake_device_0');
    const encodingsBefore = senderEncodings(probe!);

    probe!.choose('Camera', 'fake_device_1');
    probe!.choose('Microphone', 'Fake Audio Input 1');
    let after = before;
    await waitUntil(() => {
      after = probe!.sentTracks();
      return after.video.label === 'fake_device_1' && after.audio.label === 'Fake Audio Input 1';
    }, 'the new devices to be sent');
    expect(after.connectionId).to.equal(before.connectionId);
    expect(after.video.deviceId).to.equal(probe!.publisher.cameras[1]!.deviceId);
    expect(after.video.readyState).to.equal('live');
    expect(senderEncodings(probe!), 'the bitrate settings of the senders are kept').to.equal(encodingsBefore);
    expect(probe!.state).to.equal('live');
    expect(probe!.states).to.deep.equal(['connecting', 'live']);
    expect(await probe!.previewIsMoving()).to.equal(true);
  });

  it('shares the screen while live and goes back to the camera when the share ends', async function () {
    // Chromium's --use-fake-ui-for-media-stream picks a screen by itself. Headless Firefox has
    // no screen to share: its getDisplayMedia rejects with NotFoundError.
    if (engine.name !== 'chromium') this.skip();
    await goLive(await emulator.createChannel(hls));
    const before = probe!.sentTracks();
    await probe!.publisher.updateComplete;
    await click(probe!.button('Share screen')); // a real click: getDisplayMedia needs a user gesture
    let sharing = before;
    await waitUntil(() => {
      sharing = probe!.sentTracks();
      return sharing.video.label.startsWith('screen:');
    }, 'the screen to be sent');
    expect(sharing.connectionId).to.equal(before.connectionId);
    await probe!.publisher.updateComplete;
    expect(probe!.button('Share screen').getAttribute('aria-pressed')).to.equal('true');

    // The browser's own "Stop sharing" ends the track from outside, which fires `ended` on it;
    // a page cannot press that button, so the test fires the event the browser would.
    probe!.publisher.localStream!.getVideoTracks()[0]!.dispatchEvent(new Event('ended'));
    let back = before;
    await waitUntil(() => {
      back = probe!.sentTracks();
      return back.video.label === 'fake_device_0';
    }, 'the camera to be sent again');
    expect(back.connectionId).to.equal(before.connectionId);
    await probe!.publisher.updateComplete;
    expect(probe!.button('Share screen').getAttribute('aria-pressed')).to.equal('false');
    expect(probe!.state).to.equal('live');
  });

  it('muting while live sends disabled tracks over the same connection', async () => {
    await goLive(await emulator.createChannel(hls));
    const before = probe!.sentTracks();
    await probe!.publisher.updateComplete;
    await click(probe!.button('Camera'));
    await click(probe!.button('Microphone'));
    await probe!.publisher.updateComplete;
    const muted = probe!.sentTracks();
    expect([muted.video.enabled, muted.audio.enabled]).to.deep.equal([false, false]);
    expect(muted.connectionId).to.equal(before.connectionId);
    expect(probe!.button('Camera').getAttribute('aria-pressed')).to.equal('false');
    expect(probe!.button('Microphone').getAttribute('aria-pressed')).to.equal('false');

    await click(probe!.button('Camera'));
    await probe!.publisher.updateComplete;
    const unmuted = probe!.sentTracks();
    expect([unmuted.video.enabled, unmuted.audio.enabled]).to.deep.equal([true, false]);
    expect(unmuted.connectionId).to.equal(before.connectionId);
    expect(probe!.button('Camera').getAttribute('aria-pressed')).to.equal('true');
    expect(probe!.state).to.equal('live');
  });

  it('shows the uplink figures while live, accessibly', async () => {
    await goLive(await emulator.createChannel(hls));
    await waitUntil(() => probe!.bitrates.some((bitrate) => bitrate > 0), 'an ifls-network-stats sample with a bitrate');
    let network: Element | null = null;
    await waitUntil(() => (network = probe!.publisher.shadowRoot!.querySelector('[part="network"]')) !== null, 'the network figures');
    expect(network!.getAttribute('data-quality')).to.match(/^(good|fair|poor)$/);
    expect(network!.textContent).to.match(/bps/);
    await expect(probe!.publisher).to.be.accessible();
  });

  it('data pushed to the channel arrives as ifls-push', async () => {
    const channel = await emulator.createChannel(hls);
    await goLive(channel);
    await emulator.pushChannel(channel.channel_id, { message: 'hello broadcaster', n: 1 });
    await waitUntil(() => probe!.pushes.length > 0, 'the push');
    expect(probe!.pushes).to.deep.equal([{ message: 'hello broadcaster', n: 1 }]);
  });

  it('a refusal of the auth webhook ends in signaling-rejected with its reason', async () => {
    const webhook = await emulator.authWebhook({ allowed: false, reason: 'broadcasting is closed today' });
    const channel = await emulator.createChannel(hls, { authWebhookUrl: webhook.url });
    probe = PublisherProbe.mount({ channel });
    probe.publisher.metadata = { access_token: 'token-of-the-test' };
    await probe.publisher.start();
    await probe.waitForState('error');

    expect(probe.errors).to.have.length(1);
    const [error] = probe.errors;
    expect(error!.code).to.equal('signaling-rejected');
    expect(error!.recoverable).to.equal(false);
    expect(error!.reason).to.match(/broadcasting is closed today/);
    expect(error!.message).to.match(/broadcasting is closed today/);
    expect(probe.states).to.deep.equal(['connecting', 'error']);
    await probe.publisher.updateComplete;
    expect(probe.status).to.match(/refused.*broadcasting is closed today/);
    const asked = await webhook.requests();
    expect(asked).to.have.length.at.least(1);
    expect(asked[0]!.metadata).to.deep.equal({ access_token: 'token-of-the-test' });
    expect(probe.publisher.localStream, 'the camera is off').to.equal(null);
  });

  it('deleting the channel ends the broadcast without reconnecting', async () => {
    const channel = await emulator.createChannel(hls);
    await goLive(channel);
    const sent = probe!.publisher.localStream!.getTracks();
    await emulator.deleteChannel(channel.channel_id);
    await probe!.waitForState('ended');
    expect(probe!.states).to.deep.equal(['connecting', 'live', 'ended']);
    expect(probe!.errors).to.deep.equal([]);
    expect(sent.map((track) => track.readyState)).to.deep.equal(['ended', 'ended']);
    await probe!.publisher.updateComplete;
    expect(probe!.status).to.equal('Broadcast ended');
  });

  it('stop() while connecting wins, and leaves the channel free for the next start()', async () => {
    const channel = await emulator.createChannel(hls);
    probe = PublisherProbe.mount({ channel });
    const { publisher } = probe;
    // Once while the camera opens…
    const first = publisher.start();
    await publisher.stop();
    await first;
    // …once while signaling: the camera is open, the connection is being made.
    const second = publisher.start();
    while (publisher.localStream === null) await new Promise(requestAnimationFrame);
    await Promise.all([publisher.stop(), publisher.stop()]);
    await second;
    expect(probe.states).to.deep.equal(['connecting', 'ended', 'connecting', 'ended']);

    // A connection left behind would hold the channel's single broadcaster slot and fail this.
    await publisher.start();
    await probe.waitForState('live');
    const connections = await emulator.listConnections(channel.channel_id);
    expect(connections.map((connection) => connection.connection_id)).to.deep.equal([publisher.connectionId]);
    await publisher.start(); // no-op while live
    expect(probe.states.at(-1)).to.equal('live');
    expect(probe.errors).to.deep.equal([]);
  });

  it('a browser that cannot send H.264 (as Firefox ESR here) goes live with VP8 and says so', async () => {
    // Firefox ESR here has no H.264 for WebRTC by itself; Chromium is made to say the same.
    const getCapabilities = RTCRtpSender.getCapabilities.bind(RTCRtpSender);
    restores.push(
      patch(RTCRtpSender, 'getCapabilities', (kind: string) => {
        const capabilities = getCapabilities(kind);
        if (kind === 'video' && capabilities)
          capabilities.codecs = capabilities.codecs.filter((codec) => codec.mimeType.toUpperCase() !== 'VIDEO/H264');
        return capabilities;
      }),
    );
    await goLive(await emulator.createChannel(hls)); // video-codec: the default, H264
    expect(probe!.videoCodecs[1]).to.equal('VP8');
    expect(probe!.publisher.videoCodecInUse).to.equal('VP8');
    const stats = [...(await probe!.publisher.connection!.pc!.getStats()).values()] as {
      type: string;
      kind?: string;
      id: string;
      codecId?: string;
      mimeType?: string;
      bytesSent?: number;
    }[];
    const video = stats.find((stat) => stat.type === 'outbound-rtp' && stat.kind === 'video');
    expect(stats.find((stat) => stat.id === video?.codecId)?.mimeType?.toUpperCase(), 'the browser itself reports sending VP8').to.equal(
      'VIDEO/VP8',
    );
    expect(video?.bytesSent).to.be.above(0);
    expect(probe!.errors).to.deep.equal([]);
  });

  it('a codec the server refuses (AV1 on the emulator) ends in codec-unsupported with its reason', async function () {
    // Asked for a codec the browser cannot send, the publisher sends another one instead.
    if (!sendableVideoCodecs().includes('AV1')) this.skip();
    probe = PublisherProbe.mount({ channel: await emulator.createChannel(hls), attributes: { 'video-codec': 'AV1' } });
    await probe.publisher.start();
    await probe.waitForState('error');
    expect(probe.errors).to.deep.equal([
      {
        code: 'codec-unsupported',
        codec: 'AV1',
        reason: 'UNSUPPORTED-VIDEO-CODEC: AV1',
        recoverable: false,
        message: probe.errors[0]!.message,
      },
    ]);
    expect(probe.states).to.deep.equal(['connecting', 'error']);
    await probe.publisher.updateComplete;
    expect(probe.status).to.match(/no codec in common \(AV1\).*UNSUPPORTED-VIDEO-CODEC: AV1/);
    expect(probe.publisher.localStream, 'the camera is off').to.equal(null);
  });

  it('a video sender that sends nothing ends in media-not-flowing, never live', async () => {
    // The video sender is left without a track: ICE connects, audio flows, no video leaves.
    const replaceTrack = RTCRtpSender.prototype.replaceTrack;
    const addTrack = RTCPeerConnection.prototype.addTrack;
    restores.push(
      patch(RTCRtpSender.prototype, 'replaceTrack', function (this: RTCRtpSender, track: MediaStreamTrack | null) {
        return replaceTrack.call(this, track && track.kind === 'video' ? null : track);
      }),
      patch(
        RTCPeerConnection.prototype,
        'addTrack',
        function (this: RTCPeerConnection, track: MediaStreamTrack, ...streams: MediaStream[]) {
          const sender = addTrack.call(this, track, ...streams);
          if (track.kind === 'video') void replaceTrack.call(sender, null);
          return sender;
        },
      ),
    );
    const channel = await emulator.createChannel(hls);
    probe = PublisherProbe.mount({ channel });
    await probe.publisher.start();
    await probe.waitForState('error');
    expect(probe.errors.map((error) => error.code)).to.deep.equal(['media-not-flowing']);
    expect(probe.errors[0]!.message).to.match(/no video was sent/);
    expect(probe.states).to.deep.equal(['connecting', 'error']);
    await probe.publisher.updateComplete;
    expect(probe.status).to.match(/video or sound is not being sent/);
    await waitUntil(
      async () => (await emulator.listConnections(channel.channel_id)).length === 0,
      'the connection to be gone from the channel',
    );
  });

  it('a video section the browser rejects (the offer has no codec it can send) ends in codec-unsupported', async () => {
    // What Firefox ESR does with an H.264-only offer: answer `m=video 0`, send audio only, and
    // let sora-js-sdk's connect() succeed. Here the offered video codec is renamed to one no
    // browser knows, with the same effect.
    const codec = defaultCodecHere();
    // The cast picks the promise overload (the DOM types also declare the legacy callback one).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const setRemoteDescription = RTCPeerConnection.prototype.setRemoteDescription as (
      description: RTCSessionDescriptionInit,
    ) => Promise<void>;
    restores.push(
      patch(
        RTCPeerConnection.prototype,
        'setRemoteDescription',
        function (this: RTCPeerConnection, description: RTCSessionDescriptionInit) {
          if (description?.type === 'offer') {
            const sdp = description
              .sdp!.split('\r\nm=')
              .map((section) =>
                section.startsWith('video') ? section.replace(new RegExp(` ${codec}/90000`, 'gi'), ' X-NO-SUCH-CODEC/90000') : section,
              )
              .join('\r\nm=');
            description = { type: 'offer', sdp };
          }
          return setRemoteDescription.call(this, description);
        },
      ),
    );
    const channel = await emulator.createChannel(hls);
    probe = PublisherProbe.mount({ channel });
    await probe.publisher.start();
    await probe.waitForState('error');
    expect(probe.errors.map((error) => [error.code, error.codec])).to.deep.equal([['codec-unsupported', codec]]);
    expect(probe.errors[0]!.message).to.match(/video section was rejected/);
    expect(probe.states).to.deep.equal(['connecting', 'error']);
    await probe.publisher.updateComplete;
    expect(probe.status).to.match(new RegExp(`no codec in common \\(${codec}\\)`));
    await waitUntil(
      async () => (await emulator.listConnections(channel.channel_id)).length === 0,
      'the connection to be gone from the channel',
    );
  });
});
