/**
 * Nothing a signaling client sends brings the emulator down (issue 12). Each test runs a REAL
 * emulator process (the CLI, from source) and attacks it with bare WebSocket clients; werift
 * plays the browser's part where a peer connection is needed. A test fails if the process
 * exits, or if its last-resort safety net had to catch anything (that would be a bug too).
 * No timing is asserted; timeouts only keep a broken run from hanging.
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';
import { SAFETY_NET_MARKER } from './process-safety-net.js';
import { EmulatorProcesses, type EmulatorProcess } from '../test/emulator-process.js';
import { lightHlsEntry } from '../test/hls-entries.js';
import { startWebhookRecorder } from '../test/webhook-recorder.js';
import { deepJson, RawSignalingClient, type Closed, type SignalingMessage } from '../test/raw-signaling.js';
import { sleep } from '@ifls/test-support/sleep.js';

interface Channel {
  channel_id: string;
  sora_url: string;
  playlist_url: string;
}

const processes = new EmulatorProcesses();
const clients = new Set<RawSignalingClient>();

after(() => processes.killAll());
afterEach(async () => {
  await Promise.all([...clients].map((client) => client.close()));
  clients.clear();
});

function track(client: RawSignalingClient): RawSignalingClient {
  clients.add(client);
  return client;
}

function createChannel(emulator: EmulatorProcess, token?: string): Promise<Channel> {
  return emulator.client(token).createChannel({ hls: [lightHlsEntry] });
}

/** Runs `step`; if it fails because the emulator process exited meanwhile, says so with the process's output. */
async function whileAlive<T>(emulator: EmulatorProcess, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    // A request to a dying process fails a moment before its exit is seen.
    await Promise.race([emulator.exited, sleep(3000)]);
    const exit = emulator.exit();
    if (exit)
      throw new Error(`the emulator process exited (${JSON.stringify(exit)}):\n${emulator.output().slice(-3000)}`, { cause: error });
    throw error;
  }
}

/** Polls ListConnections until it lists `count` connections. */
async function waitForConnections(emulator: EmulatorProcess, channel: Channel, count: number, token?: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let listed: unknown[] = [];
  while (Date.now() < deadline) {
    if (emulator.exit()) break;
    listed = await emulator.client(token).listConnections(channel.channel_id);
    if (listed.length === count) return;
    await sleep(100);
  }
  throw new Error(`expected ${count} connections on ${channel.channel_id}, listed ${listed.length}`);
}

function assertRefused(closed: Closed | SignalingMessage, code: number, reason: RegExp): void {
  assert.ok(!('type' in closed), `expected a refusal, got a ${(closed as SignalingMessage).type}`);
  assert.equal(closed.code, code, `close code (reason: ${closed.reason})`);
  assert.match(closed.reason, reason);
}

function assertNoSafetyNet(emulator: EmulatorProcess): void {
  if (process.env.IFLS_MEDIA_TEST_LOG) console.log(emulator.output());
  assert.ok(!emulator.output().includes(SAFETY_NET_MARKER), `the safety net caught something:\n${emulator.output().slice(-4000)}`);
}

/** The emulator still serves: its API answers, a broadcaster and a viewer connect and hear of each other. */
async function assertServesNormally(emulator: EmulatorProcess): Promise<void> {
  await whileAlive(emulator, async () => {
    const channel = await createChannel(emulator);
    const broadcaster = track(
      await RawSignalingClient.connect(channel.sora_url, { role: 'sendonly', channel_id: channel.channel_id, metadata: { user: 'alice' } }),
    );
    broadcaster.keepAlive();
    await broadcaster.answer();
    const viewer = track(await RawSignalingClient.connect(channel.sora_url, { role: 'recvonly', channel_id: channel.channel_id }));
    viewer.keepAlive();
    await viewer.answer();
    const viewerId = viewer.connectionId();
    const created = await broadcaster.next(
      'notify',
      (message) => message.event_type === 'connection.created' && message.connection_id === viewerId,
    );
    assert.equal((created as SignalingMessage).event_type, 'connection.created');
    await waitForConnections(emulator, channel, 2);
  });
}

describe('a hostile signaling client cannot bring the emulator down', { timeout: 240_000 }, () => {
  test('metadata 10 000 levels deep is refused at connect, and the process goes on serving', async () => {
    const emulator = await processes.start(['token-a']);
    await whileAlive(emulator, async () => {
      const channel = await createChannel(emulator);
      const other = track(await RawSignalingClient.connect(channel.sora_url, { role: 'recvonly', channel_id: channel.channel_id }));
      other.keepAlive();
      await other.answer();
      await waitForConnections(emulator, channel, 1);

      // Valid JSON, written by hand: JSON.stringify itself overflows on it.
      const connect = `{"type":"connect","role":"recvonly","channel_id":${JSON.stringify(channel.channel_id)},"metadata":${deepJson(10_000)}}`;
      const deep = track(await RawSignalingClient.connect(channel.sora_url, connect));
      const first = await deep.next('offer');
      if ('type' in first) {
        // Accepted (the bug): finish the connection as the attack does, then leave.
        await deep.answer();
        await waitForConnections(emulator, channel, 2);
        await deep.close();
      }
      // Whatever happened, the one connection left is listed (the API answers: the process lives).
      await waitForConnections(emulator, channel, 1);
      assertRefused(await deep.closed, 4031, /^MESSAGE-TOO-DEEP: .*32/);
    });
    await assertServesNormally(emulator);
    assertNoSafetyNet(emulator);
  });

  test("an auth webhook's payouts are bounded like the client's own metadata (4011)", async () => {
    const emulator = await processes.start(['token-a']);
    const hooks = await startWebhookRecorder();
    try {
      await whileAlive(emulator, async () => {
        hooks.answer('/deep', { status: 200, body: `{"allowed":true,"metadata":${deepJson(10_000)}}` });
        hooks.answer('/large', { status: 200, body: { allowed: true, event_metadata: { text: 'x'.repeat(70 * 1024) } } });
        hooks.answer('/long-id', { status: 200, body: { allowed: true, client_id: 'c'.repeat(256) } });
        const cases: [string, RegExp][] = [
          ['/deep', /^AUTH-WEBHOOK-FAILED: metadata nests over 32 levels/],
          ['/large', /^AUTH-WEBHOOK-FAILED: event_metadata is over 65536 bytes/],
          ['/long-id', /^AUTH-WEBHOOK-FAILED: client_id is over 255 bytes/],
        ];
        for (const [path, reason] of cases) {
          const channel = await emulator.client().createChannel({ hls: [lightHlsEntry], auth_webhook_url: `${hooks.origin}${path}` });
          const viewer = track(await RawSignalingClient.connect(channel.sora_url, { role: 'recvonly', channel_id: channel.channel_id }));
          const first = await viewer.next('offer');
          if ('type' in first) {
            // Accepted (the bug): connect and leave, with someone on the channel to be told.
            const other = track(await RawSignalingClient.connect(channel.sora_url, { role: 'recvonly', channel_id: channel.channel_id }));
            if ('type' in (await other.next('offer'))) await other.answer();
            await viewer.answer();
            await viewer.close();
          }
          assertRefused(await viewer.waitClosed(), 4011, reason);
        }
      });
      await assertServesNormally(emulator);
      assertNoSafetyNet(emulator);
    } finally {
      await hooks.close();
    }
  });

  test('garbage, binary and oversized frames, floods and half-done connections are closed, and the process goes on serving', async () => {
    const emulator = await processes.start(['token-a']);
    await whileAlive(emulator, async () => {
      const channel = await createChannel(emulator);
      const channelId = channel.channel_id;
      const connect = (extra: Record<string, unknown> = {}) =>
        JSON.stringify({ type: 'connect', role: 'recvonly', channel_id: channelId, ...extra });
      const attack = async (frames: (string | Buffer | { text: Buffer })[]): Promise<Closed> => {
        const client = track(await RawSignalingClient.open(channel.sora_url));
        for (const frame of frames) client.send(frame);
        return client.waitClosed();
      };
      const expectations: [string, (string | Buffer | { text: Buffer })[], number, RegExp][] = [
        ['a binary frame', [Buffer.from([0, 1, 2, 255])], 4001, /^INVALID-MESSAGE: binary/],
        ['text that is not JSON', ['{"type":"connect",'], 4001, /^INVALID-MESSAGE: not JSON/],
        // ws itself refuses text that is not UTF-8 (1007), as RFC 6455 asks.
        ['a text frame that is not UTF-8', [{ text: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }], 1007, /^/],
        ['a JSON array', ['[1,2,3]'], 4001, /^INVALID-MESSAGE/],
        ['an answer before connect', [JSON.stringify({ type: 'answer', sdp: 'v=0' })], 4003, /^UNEXPECTED-MESSAGE: answer/],
        ['a connect over 256 KiB', [connect({ metadata: 'x'.repeat(300 * 1024) })], 4030, /^MESSAGE-TOO-LARGE: over 262144 bytes/],
        ['a frame over 1 MiB', ['x'.repeat(2 * 1024 * 1024)], 1009, /^/],
        [
          'metadata over 64 KiB',
          [connect({ metadata: { text: 'x'.repeat(70 * 1024) } })],
          4032,
          /^FIELD-TOO-LARGE: metadata is over 65536 bytes/,
        ],
        [
          'signaling_notify_metadata over 64 KiB',
          [connect({ signaling_notify_metadata: ['x'.repeat(70 * 1024)] })],
          4032,
          /^FIELD-TOO-LARGE: signaling_notify_metadata/,
        ],
        ['a client_id over 255 bytes', [connect({ client_id: 'c'.repeat(300) })], 4032, /^FIELD-TOO-LARGE: client_id/],
        [
          'signaling_notify_metadata 40 levels deep',
          [`{"type":"connect","role":"recvonly","channel_id":${JSON.stringify(channelId)},"signaling_notify_metadata":${deepJson(40)}}`],
          4031,
          /^MESSAGE-TOO-DEEP/,
        ],
        ['a deep message after connect', [connect(), `{"type":"candidate","candidate":${deepJson(100_000)}}`], 4031, /^MESSAGE-TOO-DEEP/],
        [
          '1000 messages at once',
          [connect(), ...Array.from({ length: 1000 }, () => JSON.stringify({ type: 'pong' }))],
          4033,
          /^TOO-MANY-MESSAGES/,
        ],
        ['a second connect', [connect(), connect()], 4003, /^UNEXPECTED-MESSAGE: connect/],
      ];
      for (const [what, frames, code, reason] of expectations) {
        const closed = await attack(frames);
        assert.equal(closed.code, code, `${what}: ${closed.code} ${closed.reason}`);
        assert.match(closed.reason, reason, what);
      }

      // Gone in the middle: right after connect (the offer is being made), right after the offer,
      // and right after the answer (the peer connection is starting).
      for (let round = 0; round < 3; round += 1) {
        const early = track(await RawSignalingClient.connect(channel.sora_url, { role: 'recvonly', channel_id: channelId }));
        early.socket.terminate();
        const offered = track(
          await RawSignalingClient.connect(channel.sora_url, { role: round === 1 ? 'sendonly' : 'recvonly', channel_id: channelId }),
        );
        await offered.offer();
        offered.socket.terminate();
      }
      for (const role of ['sendonly', 'recvonly']) {
        const answered = track(await RawSignalingClient.connect(channel.sora_url, { role, channel_id: channelId }));
        await answered.sendAnswer();
        answered.socket.terminate();
      }

      // Nonsense after the offer: an answer that is no SDP; candidates werift cannot use; unknown,
      // large (but allowed) and malformed messages. Each ends its own connection at worst.
      const nonsense: (string | Buffer)[][] = [
        [JSON.stringify({ type: 'answer', sdp: 'v=0\r\nthis is no SDP\r\n' })],
        [JSON.stringify({ type: 'answer', sdp: 42 })],
        [
          JSON.stringify({ type: 'candidate', candidate: 'candidate:garbage', sdpMid: 7 }),
          JSON.stringify({ type: 'answer', sdp: 'v=0\r\n' }),
        ],
        [
          JSON.stringify({ type: 're-answer', sdp: 42 }),
          JSON.stringify({ type: 'stats', reports: ['x'.repeat(200 * 1024)] }),
          'null',
          Buffer.from('binary'),
        ],
      ];
      // At the same time: an answer werift takes without complaint is only ended by the 15 s deadline.
      await Promise.all(
        nonsense.map(async (frames) => {
          const client = track(await RawSignalingClient.connect(channel.sora_url, { role: 'recvonly', channel_id: channelId }));
          await client.offer();
          for (const frame of frames) client.send(frame);
          const closed = await client.waitClosed();
          assert.ok(closed.code >= 4000 && closed.code < 5000, `${frames.join(' ').slice(0, 100)}: ${JSON.stringify(closed)}`);
        }),
      );

      await waitForConnections(emulator, channel, 0);
    });
    await assertServesNormally(emulator);
    assertNoSafetyNet(emulator);
  });

  test('a channel and an access token hold a bounded number of connections (4034, 4035)', async () => {
    const emulator = await processes.start(['token-a', 'token-b'], {
      IFLS_EMULATOR_MAX_CHANNEL_CONNECTIONS: '2',
      IFLS_EMULATOR_MAX_TENANT_CONNECTIONS: '3',
      IFLS_EMULATOR_NEGOTIATION_TIMEOUT_MS: '120000',
    });
    await whileAlive(emulator, async () => {
      const [first, second] = [await createChannel(emulator, 'token-a'), await createChannel(emulator, 'token-a')];
      const other = await createChannel(emulator, 'token-b');
      const join = async (channel: Channel, role = 'recvonly') =>
        track(await RawSignalingClient.connect(channel.sora_url, { role, channel_id: channel.channel_id }));

      const a1 = await join(first);
      await a1.offer();
      const a2 = await join(first, 'sendonly');
      await a2.offer();
      assertRefused(await (await join(first)).next('offer'), 4034, /^TOO-MANY-CONNECTIONS: the channel has 2/);

      const b1 = await join(second);
      await b1.offer();
      assertRefused(await (await join(second)).next('offer'), 4035, /^TOO-MANY-CONNECTIONS: the channels of this access token have 3/);
      // Another token's channels are not counted with these.
      await (await join(other)).offer();

      // A connection that ends gives its place back.
      await a1.close();
      const a3 = await join(first);
      await a3.offer();
      assertRefused(await (await join(second)).next('offer'), 4035, /^TOO-MANY-CONNECTIONS/);
    });
    assertNoSafetyNet(emulator);
  });

  test('a connection that never answers the offer, or never gets connected, is closed after 15 s (4009)', async () => {
    const emulator = await processes.start(['token-a']);
    await whileAlive(emulator, async () => {
      const [silent, stuck] = [await createChannel(emulator), await createChannel(emulator)];
      // A broadcaster that answers every ping but never the offer: it holds the broadcaster's seat.
      const mute = track(await RawSignalingClient.connect(silent.sora_url, { role: 'sendonly', channel_id: silent.channel_id }));
      mute.keepAlive();
      await mute.offer();
      // A broadcaster whose answer lets ICE never finish: no candidates, and nothing behind it.
      const unreachable = track(await RawSignalingClient.connect(stuck.sora_url, { role: 'sendonly', channel_id: stuck.channel_id }));
      unreachable.keepAlive();
      const offer = await unreachable.offer();
      const pc = new (await import('werift')).RTCPeerConnection({ iceServers: [] });
      await pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp as string });
      const answer = (await pc.createAnswer()).sdp.replace(/^a=candidate:.*\r\n/gm, '');
      await pc.close();
      unreachable.send(JSON.stringify({ type: 'answer', sdp: answer }));

      assertRefused(await mute.waitClosed(), 4009, /^NEGOTIATION-TIMEOUT: no answer within 15 s/);
      assertRefused(await unreachable.waitClosed(), 4009, /^NEGOTIATION-TIMEOUT: not connected within 15 s/);
      // The seats are free again: a broadcaster gets in on each channel.
      for (const channel of [silent, stuck]) {
        const next = track(await RawSignalingClient.connect(channel.sora_url, { role: 'sendonly', channel_id: channel.channel_id }));
        await next.offer();
        await next.close();
      }
    });
    assertNoSafetyNet(emulator);
  });
});
