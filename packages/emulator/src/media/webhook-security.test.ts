/**
 * Webhooks as an attacker would use them (issue 12), against a REAL emulator process (the CLI,
 * from source): a webhook URL pointing at the host's link-local network or a cloud metadata
 * service is never asked and the client cannot tell it from an unreachable one; an auth webhook
 * cannot make the emulator buffer an answer without limit; with a secret, every webhook is
 * signed; and one client joining cannot make the others receive notifies that grow with the
 * square of the channel's size. werift plays the browser where a peer connection is needed.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import { EmulatorProcesses, type EmulatorProcess } from '../test/emulator-process.js';
import { lightHlsEntry } from '../test/hls-entries.js';
import { RawSignalingClient, type Closed, type SignalingMessage } from '../test/raw-signaling.js';
import { startWebhookRecorder, type WebhookRecorder } from '../test/webhook-recorder.js';
import { sleep } from '@ifls/test-support/sleep.js';

interface Channel {
  channel_id: string;
  sora_url: string;
}

const SECRET = 'the-shared-webhook-secret';

const processes = new EmulatorProcesses();
const clients = new Set<RawSignalingClient>();
let hooks: WebhookRecorder;
let emulator: EmulatorProcess;

before(async () => {
  hooks = await startWebhookRecorder();
  emulator = await processes.start(['webhook-security-token'], { IFLS_EMULATOR_WEBHOOK_SECRET: SECRET });
});

after(async () => {
  await processes.killAll();
  await hooks.close();
});

afterEach(async () => {
  await Promise.all([...clients].map((client) => client.close()));
  clients.clear();
});

async function connect(channel: Channel, fields: Record<string, unknown> = {}): Promise<RawSignalingClient> {
  const client = await RawSignalingClient.connect(channel.sora_url, { role: 'recvonly', channel_id: channel.channel_id, ...fields });
  clients.add(client);
  return client;
}

function createChannel(fields: Record<string, unknown>): Promise<Channel> {
  return emulator.client().createChannel({ hls: [lightHlsEntry], ...fields });
}

/** How a viewer of a channel whose auth webhook is `url` is turned away. */
async function refusalFor(url: string): Promise<Closed> {
  const client = await connect(await createChannel({ auth_webhook_url: url }));
  const result = await client.next('offer', undefined, 15_000);
  assert.ok(!('type' in result), `${url}: expected a refusal, got an offer`);
  return result;
}

describe('webhook URLs on internal addresses', () => {
  test('a link-local or metadata address is never asked, and the client reads what an unreachable webhook gives', async () => {
    // nothing listens on port 1: the reason a client gets for a webhook that cannot be reached
    const unreachable = await refusalFor('http://127.0.0.1:1/auth');
    assert.deepEqual(unreachable, { code: 4011, reason: 'AUTH-WEBHOOK-FAILED: could not reach the webhook' });
    for (const url of [
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://[fe80::1]:8080/',
    ]) {
      const before = emulator.output().length;
      assert.deepEqual(await refusalFor(url), unreachable, url);
      // the operator, not the client, learns why
      assert.match(emulator.output().slice(before), /auth webhook not asked: .*--allow-internal-webhooks/, url);
    }
  });

  test('event webhooks to such addresses are not sent', async () => {
    const channel = await createChannel({ event_webhook_url: 'http://169.254.169.254/events' });
    const before = emulator.output().length;
    const viewer = await connect(channel);
    await viewer.answer();
    await waitForOutput(before, /event webhook connection\.created to http:\/\/169\.254\.169\.254\/events: not sent: .*link-local/);
  });

  test('--allow-internal-webhooks asks them', async () => {
    const allowing = await processes.start(['allowing-token'], {}, ['--allow-internal-webhooks']);
    // a link-local address on no interface: asked, it fails on this machine without reaching anything
    const channel = await allowing.client().createChannel({ hls: [lightHlsEntry], auth_webhook_url: 'http://[fe80::1]:9/' });
    assert.match(allowing.output(), /webhooks may go to link-local and cloud metadata addresses/);
    const client = await RawSignalingClient.connect(channel.sora_url, { role: 'recvonly', channel_id: channel.channel_id });
    clients.add(client);
    const result = await client.next('offer', undefined, 15_000);
    assert.ok(!('type' in result) && result.code === 4011, 'nothing answers there');
    assert.doesNotMatch(allowing.output(), /not asked/);
  });
});

async function waitForOutput(from: number, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!pattern.test(emulator.output().slice(from))) {
    if (Date.now() > deadline) assert.fail(`the log never matched ${pattern}:\n${emulator.output().slice(from)}`);
    await sleep(100);
  }
}

describe("the auth webhook's answer", () => {
  test('an answer over 256 KiB is a failure, not buffered and obeyed', async () => {
    hooks.answer('/huge', { status: 200, body: JSON.stringify({ allowed: true, padding: 'x'.repeat(1024 * 1024) }) });
    assert.deepEqual(await refusalFor(`${hooks.origin}/huge`), {
      code: 4011,
      reason: 'AUTH-WEBHOOK-FAILED: the answer is over 262144 bytes',
    });
  });
});

describe('signed webhooks', () => {
  /** The receiver's check, as the README gives it. */
  function verify(header: unknown, raw: string): boolean {
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(header));
    if (!match) return false;
    const fresh = Math.abs(Date.now() / 1000 - Number(match[1])) <= 300;
    return fresh && createHmac('sha256', SECRET).update(`${match[1]}.${raw}`).digest('hex') === match[2];
  }

  test('with IFLS_EMULATOR_WEBHOOK_SECRET, the auth webhook and every event webhook carry a valid x-ifls-signature', async () => {
    const channel = await createChannel({
      auth_webhook_url: `${hooks.origin}/signed-auth`,
      event_webhook_url: `${hooks.origin}/signed-events`,
    });
    const viewer = await connect(channel);
    await viewer.answer();
    await viewer.close();
    const deadline = Date.now() + 15_000;
    const events = () => hooks.calls.filter((call) => call.path === '/signed-events');
    while (!events().some((call) => call.body.type === 'connection.destroyed') && Date.now() < deadline) await sleep(100);
    const calls = hooks.calls.filter((call) => call.path.startsWith('/signed-'));
    assert.deepEqual(
      calls.map((call) => call.body.type ?? 'auth'),
      ['auth', 'connection.created', 'connection.destroyed'],
    );
    for (const call of calls)
      assert.ok(verify(call.headers['x-ifls-signature'], call.raw), `${call.path}: ${String(call.headers['x-ifls-signature'])}`);
    // a body changed on the way no longer matches
    const [auth] = calls;
    assert.equal(verify(auth!.headers['x-ifls-signature'], auth!.raw.replace('recvonly', 'sendonly')), false);
  });
});

describe('notify fan-out', () => {
  test("connection.created sent to the others carries the newcomer only: what a member receives grows linearly with the channel's size", async (t) => {
    const channel = await createChannel({});
    const metadata = { note: 'm'.repeat(60 * 1024) };
    const members: RawSignalingClient[] = [];
    const count = 6;
    for (let index = 0; index < count; index += 1) {
      const member = await connect(channel, { metadata });
      member.keepAlive();
      await member.answer();
      members.push(member);
      // the newcomer's own notify lists every member (its data), as Sora's does
      const own = await member.next('notify', (message) => message.connection_id === member.connectionId());
      assert.equal(((own as SignalingMessage).data as unknown[]).length, index + 1);
    }
    const first = members[0]!;
    // wait until the first member heard of the last one
    await first.next('notify', (message) => message.connection_id === members[count - 1]!.connectionId());
    const heard = first.messages.filter((message) => message.type === 'notify' && message.connection_id !== first.connectionId());
    assert.equal(heard.length, count - 1);
    const bytes = heard.reduce((sum, message) => sum + JSON.stringify(message).length, 0);
    t.diagnostic(`the first member received ${bytes} bytes of notifies about ${count - 1} newcomers`);
    // each carries the newcomer's metadata once (authn_metadata), never every member's
    assert.ok(bytes < (count - 1) * 1.2 * 60 * 1024, `the first member received ${bytes} bytes of notifies about ${count - 1} newcomers`);
    for (const message of heard) assert.equal(message.data, undefined);
  });
});
