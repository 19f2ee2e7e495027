/**
 * <ifls-publisher> against the emulator: real signaling, real WebRTC, real HLS. Real Chromium
 * with two fake cameras. Assertions are what a broadcaster or a viewer would notice.
 */
import { ImageFluxClient, type CreateChannelRequest, type CreateChannelResponse } from '@ifls/api';
import { startEmulator, type RunningEmulator } from '@ifls/emulator';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openPublisherPage, previewIsMoving, waitForState, type PublisherPage } from '../test/publisher-fixture.js';

const hls: CreateChannelRequest['hls'] = [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 360, fps: 30, bps: 800_000 } }];

/** What the page heard from the element, in order. */
interface Recorded {
  type: string;
  state?: string;
  /** `videoCodec` of a state change; `codec` of an error. */
  videoCodec?: string;
  codec?: string;
  code?: string;
  message?: string;
  recoverable?: boolean;
  reason?: string;
  data?: unknown;
  bitrateKbps?: number;
}

/** Replaces the page's element with a new one publishing to `channel` (not started). */
async function mount(page: Page, channel: CreateChannelResponse, attributes = ''): Promise<void> {
  await page.evaluate(
    ({ channel, attributes }) => {
      document.querySelectorAll('ifls-publisher').forEach((element) => element.remove());
      document.querySelector('#main')!.innerHTML = `<ifls-publisher ${attributes}></ifls-publisher>`;
      const publisher = document.querySelector('ifls-publisher')!;
      publisher.channel = channel;
      const recorded: Recorded[] = [];
      (window as unknown as { recorded: Recorded[] }).recorded = recorded;
      publisher.addEventListener('ifls-state-change', (event) =>
        recorded.push({ type: event.type, state: event.state, ...(event.videoCodec ? { videoCodec: event.videoCodec } : {}) }),
      );
      publisher.addEventListener('ifls-error', (event) =>
        recorded.push({
          type: event.type,
          code: event.code,
          message: event.message,
          recoverable: event.recoverable,
          reason: (event.cause as { reason?: string } | undefined)?.reason,
          codec: (event.cause as { codec?: string } | undefined)?.codec,
        }),
      );
      publisher.addEventListener('ifls-push', (event) => recorded.push({ type: event.type, data: event.data }));
      publisher.addEventListener('ifls-network-stats', (event) => recorded.push({ type: event.type, bitrateKbps: event.stats.bitrateKbps }));
    },
    { channel, attributes },
  );
}

async function recorded(page: Page, type?: string): Promise<Recorded[]> {
  const all = await page.evaluate(() => (window as unknown as { recorded: Recorded[] }).recorded);
  return type === undefined ? all : all.filter((entry) => entry.type === type);
}

async function statesSeen(page: Page): Promise<string[]> {
  return (await recorded(page, 'ifls-state-change')).map((entry) => entry.state!);
}

async function start(page: Page): Promise<void> {
  await page.evaluate(() => void document.querySelector('ifls-publisher')!.start());
}

/** The tracks the element's peer connection is sending right now. */
async function sentTracks(page: Page): Promise<{ connectionId: string | null; video: TrackView; audio: TrackView }> {
  return page.evaluate(() => {
    const publisher = document.querySelector('ifls-publisher')!;
    const transceivers = publisher.connection!.pc!.getTransceivers();
    const view = (kind: string) => {
      // Mid-switch, sora-js-sdk leaves the sender without a track for a moment.
      const track = transceivers.find((transceiver) => transceiver.receiver.track.kind === kind)?.sender.track;
      if (!track) return { label: '', deviceId: '', enabled: false, readyState: 'none' };
      return { label: track.label, deviceId: track.getSettings().deviceId ?? '', enabled: track.enabled, readyState: track.readyState };
    };
    return { connectionId: publisher.connectionId, video: view('video'), audio: view('audio') };
  });
}

interface TrackView {
  label: string;
  deviceId: string;
  enabled: boolean;
  readyState: string;
}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('<ifls-publisher> live on the emulator', () => {
  let emulator: RunningEmulator;
  let client: ImageFluxClient;
  let browser: PublisherPage;
  let webhook: Server | undefined;

  before(async () => {
    emulator = await startEmulator();
    client = new ImageFluxClient({ accessToken: emulator.tokens[0]!, endpoint: emulator.url });
    browser = await openPublisherPage();
  });

  after(async () => {
    await browser?.close();
    await emulator?.close();
    webhook?.closeAllConnections();
    await new Promise((resolve) => (webhook ? webhook.close(resolve) : resolve(undefined)));
  });

  test('goes live, the preview moves and the channel playlist appears', async () => {
    const { page } = browser;
    const channel = await client.createChannel({ hls });
    await mount(page, channel);
    await page.locator('ifls-publisher').getByRole('button', { name: 'Go live' }).click();
    await waitForState(page, 'live');
    assert.deepEqual(await statesSeen(page), ['connecting', 'live']);
    const live = (await recorded(page, 'ifls-state-change')).find((entry) => entry.state === 'live');
    assert.equal(live?.videoCodec, 'H264', 'the live event names the codec sent');
    assert.equal(await page.evaluate(() => document.querySelector('ifls-publisher')!.videoCodecInUse), 'H264');
    assert.ok(await previewIsMoving(page));
    assert.equal(await page.locator('ifls-publisher').getByRole('status').textContent(), 'Live');

    const connectionId = await page.evaluate(() => document.querySelector('ifls-publisher')!.connectionId);
    const connections = await client.listConnections(channel.channel_id);
    assert.deepEqual(
      connections.map((connection) => connection.connection_id),
      [connectionId],
    );
    const playlist = await waitUntil('the playlist', async () => {
      const response = await fetch(channel.playlist_url);
      return response.ok && (await response.text());
    });
    assert.match(playlist, /^#EXTM3U/);
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('switching camera and microphone while live keeps the connection and sends the new devices', async () => {
    const { page } = browser;
    await mount(page, await client.createChannel({ hls }));
    await start(page);
    await waitForState(page, 'live');
    const before = await sentTracks(page);
    assert.equal(before.video.label, 'fake_device_0');
    const encodingsBefore = await page.evaluate(() =>
      JSON.stringify(document.querySelector('ifls-publisher')!.connection!.pc!.getSenders().map((sender: RTCRtpSender) => sender.getParameters().encodings)),
    );

    const publisher = page.locator('ifls-publisher');
    await publisher.getByRole('combobox', { name: 'Camera' }).selectOption({ label: 'fake_device_1' });
    await publisher.getByRole('combobox', { name: 'Microphone' }).selectOption({ label: 'Fake Audio Input 1' });
    const after = await waitUntil('the new devices to be sent', async () => {
      const sent = await sentTracks(page);
      return sent.video.label === 'fake_device_1' && sent.audio.label === 'Fake Audio Input 1' && sent;
    });
    const cameras = await page.evaluate(() => document.querySelector('ifls-publisher')!.cameras.map((camera) => camera.deviceId));
    assert.equal(after.connectionId, before.connectionId);
    assert.equal(after.video.deviceId, cameras[1]);
    assert.equal(after.video.readyState, 'live');
    const encodingsAfter = await page.evaluate(() =>
      JSON.stringify(document.querySelector('ifls-publisher')!.connection!.pc!.getSenders().map((sender: RTCRtpSender) => sender.getParameters().encodings)),
    );
    assert.equal(encodingsAfter, encodingsBefore, 'the bitrate settings of the senders are kept');
    assert.equal(await page.getAttribute('ifls-publisher', 'state'), 'live');
    assert.deepEqual(await statesSeen(page), ['connecting', 'live']);
    assert.ok(await previewIsMoving(page));
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('shares the screen while live and goes back to the camera when the share ends', async () => {
    const { page } = browser;
    await mount(page, await client.createChannel({ hls }));
    await start(page);
    await waitForState(page, 'live');
    const before = await sentTracks(page);
    const shareButton = page.locator('ifls-publisher').getByRole('button', { name: 'Share screen' });
    await shareButton.click();
    const sharing = await waitUntil('the screen to be sent', async () => {
      const sent = await sentTracks(page);
      return sent.video.label.startsWith('screen:') && sent;
    });
    assert.equal(sharing.connectionId, before.connectionId);
    assert.equal(await shareButton.getAttribute('aria-pressed'), 'true');

    // The browser's own "Stop sharing" ends the track from outside, which fires `ended` on it;
    // a page cannot press that button, so the test fires the event the browser would.
    await page.evaluate(() => {
      document.querySelector('ifls-publisher')!.localStream!.getVideoTracks()[0]!.dispatchEvent(new Event('ended'));
    });
    const back = await waitUntil('the camera to be sent again', async () => {
      const sent = await sentTracks(page);
      return sent.video.label === 'fake_device_0' && sent;
    });
    assert.equal(back.connectionId, before.connectionId);
    assert.equal(await shareButton.getAttribute('aria-pressed'), 'false');
    assert.equal(await page.getAttribute('ifls-publisher', 'state'), 'live');
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('muting while live sends disabled tracks over the same connection', async () => {
    const { page } = browser;
    await mount(page, await client.createChannel({ hls }));
    await start(page);
    await waitForState(page, 'live');
    const before = await sentTracks(page);
    const publisher = page.locator('ifls-publisher');
    await publisher.getByRole('button', { name: 'Camera' }).click();
    await publisher.getByRole('button', { name: 'Microphone' }).click();
    const muted = await sentTracks(page);
    assert.deepEqual([muted.video.enabled, muted.audio.enabled], [false, false]);
    assert.equal(muted.connectionId, before.connectionId);
    assert.equal(await publisher.getByRole('button', { name: 'Camera' }).getAttribute('aria-pressed'), 'false');

    await publisher.getByRole('button', { name: 'Camera' }).click();
    const unmuted = await sentTracks(page);
    assert.deepEqual([unmuted.video.enabled, unmuted.audio.enabled], [true, false]);
    assert.equal(await page.getAttribute('ifls-publisher', 'state'), 'live');
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('shows the uplink figures while live, accessibly', async () => {
    const { page } = browser;
    await mount(page, await client.createChannel({ hls }));
    await start(page);
    await waitForState(page, 'live');
    await waitUntil('a sample with a bitrate', async () => (await recorded(page, 'ifls-network-stats')).some((sample) => sample.bitrateKbps! > 0));
    const network = page.locator('ifls-publisher [part="network"]');
    await network.waitFor();
    assert.match((await network.getAttribute('data-quality')) ?? '', /^(good|fair|poor)$/);
    assert.match((await network.textContent()) ?? '', /bps/);

    await page.addScriptTag({ url: `${browser.server.url}/repo/node_modules/axe-core/axe.min.js` });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Element): Promise<{ violations: { id: string }[] }> } }).axe;
      return (await axe.run(document.querySelector('ifls-publisher')!)).violations.map((violation) => violation.id);
    });
    assert.deepEqual(violations, [], 'axe, while live');
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('data pushed to the channel arrives as ifls-push', async () => {
    const { page } = browser;
    const channel = await client.createChannel({ hls });
    await mount(page, channel);
    await start(page);
    await waitForState(page, 'live');
    await client.pushChannel(channel.channel_id, { message: 'hello broadcaster', n: 1 });
    const pushes = await waitUntil('the push', async () => {
      const found = await recorded(page, 'ifls-push');
      return found.length > 0 && found;
    });
    assert.deepEqual(pushes[0]!.data, { message: 'hello broadcaster', n: 1 });
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('a refusal of the auth webhook ends in signaling-rejected with its reason', async () => {
    const { page } = browser;
    const asked: { metadata?: unknown }[] = [];
    webhook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        asked.push(JSON.parse(body));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ allowed: false, reason: 'broadcasting is closed today' }));
      });
    });
    await new Promise<void>((resolve) => webhook!.listen(0, '127.0.0.1', resolve));
    const { port } = webhook.address() as { port: number };
    const channel = await client.createChannel({ hls, auth_webhook_url: `http://127.0.0.1:${port}/auth` });
    await mount(page, channel);
    await page.evaluate(() => {
      document.querySelector('ifls-publisher')!.metadata = { access_token: 'token-of-the-test' };
    });
    await start(page);
    await waitForState(page, 'error');

    const [error] = await recorded(page, 'ifls-error');
    assert.equal(error?.code, 'signaling-rejected');
    assert.equal(error?.recoverable, false);
    assert.match(error?.reason ?? '', /broadcasting is closed today/);
    assert.match(error?.message ?? '', /broadcasting is closed today/);
    assert.deepEqual(await statesSeen(page), ['connecting', 'error']);
    assert.match((await page.locator('ifls-publisher').getByRole('status').textContent()) ?? '', /refused.*broadcasting is closed today/);
    assert.deepEqual(asked[0]?.metadata, { access_token: 'token-of-the-test' });
    assert.equal(await page.evaluate(() => document.querySelector('ifls-publisher')!.localStream), null, 'the camera is off');
  });

  test('deleting the channel ends the broadcast without reconnecting', async () => {
    const { page } = browser;
    const channel = await client.createChannel({ hls });
    await mount(page, channel);
    await start(page);
    await waitForState(page, 'live');
    await page.evaluate(() => {
      (window as unknown as { sent: MediaStreamTrack[] }).sent = document.querySelector('ifls-publisher')!.localStream!.getTracks();
    });
    await client.deleteChannel(channel.channel_id);
    await waitForState(page, 'ended');
    assert.deepEqual(await statesSeen(page), ['connecting', 'live', 'ended']);
    assert.deepEqual(await recorded(page, 'ifls-error'), []);
    const readyStates = await page.evaluate(() => (window as unknown as { sent: MediaStreamTrack[] }).sent.map((track) => track.readyState));
    assert.deepEqual(readyStates, ['ended', 'ended']);
    assert.equal(await page.locator('ifls-publisher').getByRole('status').textContent(), 'Broadcast ended');
  });

  test('stop() while connecting wins, and leaves the channel free for the next start()', async () => {
    const { page } = browser;
    const channel = await client.createChannel({ hls });
    await mount(page, channel);
    await page.evaluate(async () => {
      const publisher = document.querySelector('ifls-publisher')!;
      // Once while the camera opens…
      const first = publisher.start();
      await publisher.stop();
      await first;
      // …once while signaling: the camera is open, the connection is being made.
      const second = publisher.start();
      while (publisher.localStream === null) await new Promise(requestAnimationFrame);
      await Promise.all([publisher.stop(), publisher.stop()]);
      await second;
    });
    assert.deepEqual(await statesSeen(page), ['connecting', 'ended', 'connecting', 'ended']);
    // A connection left behind would hold the channel's single broadcaster slot and fail this.
    await start(page);
    await waitForState(page, 'live');
    const connectionId = await page.evaluate(() => document.querySelector('ifls-publisher')!.connectionId);
    const connections = await client.listConnections(channel.channel_id);
    assert.deepEqual(
      connections.map((connection) => connection.connection_id),
      [connectionId],
    );
    await page.evaluate(() => document.querySelector('ifls-publisher')!.start()); // no-op while live
    assert.equal((await statesSeen(page)).at(-1), 'live');
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('a browser that cannot send H.264 (as Firefox ESR) goes live with VP8 and says so', async () => {
    // Debian's Firefox ESR offers no H.264 for WebRTC: this Chromium is made to say the same.
    const hooked = await openPublisherPage({
      initScript: `{
        const getCapabilities = RTCRtpSender.getCapabilities;
        RTCRtpSender.getCapabilities = (kind) => {
          const capabilities = getCapabilities.call(RTCRtpSender, kind);
          if (kind === 'video' && capabilities) capabilities.codecs = capabilities.codecs.filter((codec) => codec.mimeType !== 'video/H264');
          return capabilities;
        };
      }`,
    });
    try {
      const { page } = hooked;
      await mount(page, await client.createChannel({ hls })); // video-codec: the default, H264
      await start(page);
      await waitForState(page, 'live');
      const live = (await recorded(page, 'ifls-state-change')).find((entry) => entry.state === 'live');
      assert.equal(live?.videoCodec, 'VP8');
      assert.equal(await page.evaluate(() => document.querySelector('ifls-publisher')!.videoCodecInUse), 'VP8');
      const sent = await page.evaluate(async () => {
        const stats = [...(await document.querySelector('ifls-publisher')!.connection!.pc!.getStats()).values()];
        const video = stats.find((stat) => stat.type === 'outbound-rtp' && stat.kind === 'video');
        return { codec: stats.find((stat) => stat.id === video?.codecId)?.mimeType, bytesSent: video?.bytesSent };
      });
      assert.equal(sent.codec, 'video/VP8', 'the browser itself reports sending VP8');
      assert.ok(sent.bytesSent > 0);
      assert.deepEqual(await recorded(page, 'ifls-error'), []);
      await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
    } finally {
      await hooked.close();
    }
  });

  test('a codec the server refuses (AV1 on the emulator) ends in codec-unsupported with its reason', async () => {
    const { page } = browser;
    await mount(page, await client.createChannel({ hls }), 'video-codec="AV1"');
    await start(page);
    await waitForState(page, 'error');
    const errors = await recorded(page, 'ifls-error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, 'codec-unsupported');
    assert.equal(errors[0]!.codec, 'AV1');
    assert.equal(errors[0]!.reason, 'UNSUPPORTED-VIDEO-CODEC: AV1');
    assert.equal(errors[0]!.recoverable, false);
    assert.deepEqual(await statesSeen(page), ['connecting', 'error']);
    const status = (await page.locator('ifls-publisher').getByRole('status').textContent()) ?? '';
    assert.match(status, /no codec in common \(AV1\).*UNSUPPORTED-VIDEO-CODEC: AV1/);
    assert.equal(await page.evaluate(() => document.querySelector('ifls-publisher')!.localStream), null, 'the camera is off');
  });

  test('a video sender that sends nothing ends in media-not-flowing, never live', async () => {
    // The video sender is left without a track: ICE connects, audio flows, no video leaves.
    const hooked = await openPublisherPage({
      initScript: `{
        const replaceTrack = RTCRtpSender.prototype.replaceTrack;
        RTCRtpSender.prototype.replaceTrack = function (track) {
          return replaceTrack.call(this, track && track.kind === 'video' ? null : track);
        };
        const addTrack = RTCPeerConnection.prototype.addTrack;
        RTCPeerConnection.prototype.addTrack = function (track, ...streams) {
          const sender = addTrack.call(this, track, ...streams);
          if (track.kind === 'video') void replaceTrack.call(sender, null);
          return sender;
        };
      }`,
    });
    try {
      const { page } = hooked;
      const channel = await client.createChannel({ hls });
      await mount(page, channel);
      await start(page);
      await waitForState(page, 'error');
      const errors = await recorded(page, 'ifls-error');
      assert.equal(errors.length, 1);
      assert.equal(errors[0]!.code, 'media-not-flowing');
      assert.match(errors[0]!.message!, /no video was sent/);
      assert.deepEqual(await statesSeen(page), ['connecting', 'error']);
      assert.match((await page.locator('ifls-publisher').getByRole('status').textContent()) ?? '', /video or sound is not being sent/);
      await waitUntil('the connection to be gone from the channel', async () => (await client.listConnections(channel.channel_id)).length === 0);
    } finally {
      await hooked.close();
    }
  });

  test('a video section the browser rejects (the offer has no codec it can send) ends in codec-unsupported', async () => {
    // What Debian's Firefox ESR did with an H.264-only offer: answer `m=video 0`, send audio
    // only, and let sora-js-sdk's connect() succeed. Here the offer's H.264 is renamed to a
    // codec Chromium does not know, with the same effect.
    const hooked = await openPublisherPage({
      initScript: `{
        const setRemoteDescription = RTCPeerConnection.prototype.setRemoteDescription;
        RTCPeerConnection.prototype.setRemoteDescription = function (description) {
          if (description && description.type === 'offer') {
            const sdp = description.sdp
              .split('\\r\\nm=')
              .map((section) => (section.startsWith('video') ? section.replace(/ H264\\/90000/g, ' X-NO-SUCH-CODEC/90000') : section))
              .join('\\r\\nm=');
            description = { type: 'offer', sdp };
          }
          return setRemoteDescription.call(this, description);
        };
      }`,
    });
    try {
      const { page } = hooked;
      const channel = await client.createChannel({ hls });
      await mount(page, channel);
      await start(page);
      await waitForState(page, 'error');
      const errors = await recorded(page, 'ifls-error');
      assert.equal(errors.length, 1, JSON.stringify(errors));
      assert.equal(errors[0]!.code, 'codec-unsupported');
      assert.equal(errors[0]!.codec, 'H264');
      assert.match(errors[0]!.message!, /video section was rejected/);
      assert.deepEqual(await statesSeen(page), ['connecting', 'error']);
      assert.match((await page.locator('ifls-publisher').getByRole('status').textContent()) ?? '', /no codec in common \(H264\)/);
      await waitUntil('the connection to be gone from the channel', async () => (await client.listConnections(channel.channel_id)).length === 0);
    } finally {
      await hooked.close();
    }
  });
});

/**
 * The emulator as a separate process (its CLI), so that it can crash: SIGKILL to its process
 * group (ffmpeg included) drops every socket at once, as a server crash or a network cut does.
 */
class EmulatorProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly dataDir: string,
    readonly token: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  async start(): Promise<void> {
    const cli = fileURLToPath(new URL('../../../emulator/bin/ifls-emulator.js', import.meta.url));
    this.child = spawn(process.execPath, [cli, '--port', String(this.port), '--data-dir', this.dataDir, '--token', this.token], {
      detached: true,
      stdio: 'ignore',
    });
    await waitUntil('the emulator to listen', () => fetch(this.url, { method: 'POST' }).then(() => true, () => false), 20_000);
  }

  crash(): void {
    if (this.child?.pid !== undefined && this.child.exitCode === null) process.kill(-this.child.pid, 'SIGKILL');
    this.child = undefined;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('<ifls-publisher> when the server goes away', () => {
  let emulator: EmulatorProcess;
  let dataDir: string;
  let client: ImageFluxClient;
  let browser: PublisherPage;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ifls-publisher-test-'));
    emulator = new EmulatorProcess(await freePort(), dataDir, 'publisher-test-token');
    await emulator.start();
    client = new ImageFluxClient({ accessToken: emulator.token, endpoint: emulator.url });
    browser = await openPublisherPage();
  });

  after(async () => {
    await browser?.close();
    emulator?.crash();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('reconnects by itself once the crashed server is back on the same port', async () => {
    const { page } = browser;
    await mount(page, await client.createChannel({ hls }));
    await start(page);
    await waitForState(page, 'live');
    const first = await page.evaluate(() => document.querySelector('ifls-publisher')!.connectionId);

    emulator.crash();
    await waitForState(page, 'reconnecting');
    assert.match((await page.locator('ifls-publisher').getByRole('status').textContent()) ?? '', /^Reconnecting \(\d+\/10\)/);
    assert.ok(await previewIsMoving(page), 'the preview keeps going while reconnecting');

    await emulator.start();
    await waitForState(page, 'live', undefined, 60_000);
    const second = await page.evaluate(() => document.querySelector('ifls-publisher')!.connectionId);
    assert.notEqual(second, first);
    assert.ok(second);
    const states = await statesSeen(page);
    assert.deepEqual(states.slice(0, 3), ['connecting', 'live', 'reconnecting']);
    assert.equal(states.at(-1), 'live');
    assert.deepEqual(await recorded(page, 'ifls-error'), []);
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('gives up after reconnect-attempts with connection-failed', async () => {
    const { page } = browser;
    await mount(page, await client.createChannel({ hls }), 'reconnect-attempts="2"');
    await start(page);
    await waitForState(page, 'live');
    emulator.crash();
    await waitForState(page, 'error', undefined, 60_000);
    const errors = await recorded(page, 'ifls-error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, 'connection-failed');
    assert.equal(errors[0]!.recoverable, false);
    assert.match(errors[0]!.message!, /2 reconnect attempts/);
    assert.deepEqual(await statesSeen(page), ['connecting', 'live', 'reconnecting', 'error']);
    assert.equal(await page.evaluate(() => document.querySelector('ifls-publisher')!.localStream), null, 'the camera is off');
  });
});
