// The real ImageFluxClient against a real emulator: every target, and tenants that cannot see each other.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ImageFluxApiError, ImageFluxClient, type CreateChannelRequest } from '@ifls/api';
import { startEmulator, type RunningEmulator } from './emulator.js';

const CHANNEL: CreateChannelRequest = {
  hls: [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1000000 }, audio: { bps: 64000 } }],
};
const UNKNOWN_ID = '0000000000000000000000000Z';

/** Status, error_type and field of the API error `promise` rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<{ status: number; errorType?: string; field?: unknown }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ImageFluxApiError, `expected an ImageFluxApiError, got ${String(error)}`);
    const body = error.body as Record<string, unknown>;
    return { status: error.status, errorType: error.errorType, field: body.field };
  }
  assert.fail('expected the call to fail');
}

describe('API contract (ImageFluxClient against the emulator)', () => {
  let emulator: RunningEmulator;
  let client: ImageFluxClient;

  before(async () => {
    emulator = await startEmulator({ tokens: ['contract-token'] });
    client = new ImageFluxClient({ accessToken: 'contract-token', endpoint: emulator.url });
  });
  after(() => emulator?.close());

  test('url is the API endpoint: http, loopback, trailing slash', () => {
    assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test('CreateChannel answers channel_id, sora_url and playlist_url', async () => {
    const channel = await client.createChannel(CHANNEL);
    assert.deepEqual(Object.keys(channel).sort(), ['channel_id', 'playlist_url', 'sora_url']);
    assert.match(channel.channel_id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.equal(channel.sora_url, `${emulator.url.replace('http://', 'ws://')}signaling`);
    assert.ok(channel.playlist_url.startsWith(`${emulator.url}hls/`), channel.playlist_url);
    assert.ok(channel.playlist_url.includes(channel.channel_id), channel.playlist_url);
  });

  test('every channel gets its own id', async () => {
    const first = await client.createChannel(CHANNEL);
    const second = await client.createChannel(CHANNEL);
    assert.notEqual(first.channel_id, second.channel_id);
    assert.notEqual(first.playlist_url, second.playlist_url);
  });

  test('CreateChannel takes webhooks, several renditions and an archive of the same token', async () => {
    const { archive_destination_id } = await client.createArchiveDestination({ bucket_uri: 's3://bucket/path/' });
    const channel = await client.createChannel({
      hls: [
        { ...CHANNEL.hls[0]!, archive: { archive_destination_id } },
        { durationSeconds: 2, startTimeOffset: 0, video: { width: 320, height: 240, fps: 15, bps: 300000 } },
      ],
      auth_webhook_url: 'http://127.0.0.1:1/auth',
      event_webhook_url: '',
    });
    assert.match(channel.channel_id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  test('DeleteChannel answers the id; the channel is gone afterwards', async () => {
    const { channel_id } = await client.createChannel(CHANNEL);
    assert.deepEqual(await client.deleteChannel(channel_id), { channel_id });
    assert.deepEqual(await failureOf(client.deleteChannel(channel_id)), {
      status: 404,
      errorType: 'CHANNEL-NOT-FOUND',
      field: 'channel_id',
    });
    assert.equal((await failureOf(client.listConnections(channel_id))).status, 404);
  });

  test('Stats answers 400 NOT-IMPLEMENTED, as the service documents', async () => {
    assert.deepEqual(await failureOf(client.stats()), { status: 400, errorType: 'NOT-IMPLEMENTED', field: undefined });
  });

  test('archive destinations: create, list without credentials, delete', async () => {
    const s3 = await client.createArchiveDestination({
      bucket_uri: 's3://contract-bucket/archives/',
      aws_region: 'ap-northeast-1',
      aws_access_key_id: 'AKIA-CONTRACT-KEY',
      aws_secret_access_key: 'contract-secret-value',
    });
    const gs = await client.createArchiveDestination({
      bucket_uri: 'gs://contract-bucket/archives',
      gcp_credential_json: JSON.stringify({ private_key: 'contract-gcp-private-key' }),
    });
    assert.match(s3.archive_destination_id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
    assert.notEqual(s3.archive_destination_id, gs.archive_destination_id);

    const listed = await client.listArchiveDestination();
    assert.deepEqual(
      listed.archive_destinations.filter((destination) =>
        [s3.archive_destination_id, gs.archive_destination_id].includes(destination.archive_destination_id),
      ),
      [
        { archive_destination_id: s3.archive_destination_id, bucket_uri: 's3://contract-bucket/archives/' },
        { archive_destination_id: gs.archive_destination_id, bucket_uri: 'gs://contract-bucket/archives' },
      ],
    );
    const text = JSON.stringify(listed);
    for (const secret of ['ap-northeast-1', 'AKIA-CONTRACT-KEY', 'contract-secret-value', 'contract-gcp-private-key']) {
      assert.ok(!text.includes(secret), `the list shows ${secret}`);
    }

    assert.deepEqual(await client.deleteArchiveDestination(s3.archive_destination_id), {
      archive_destination_id: s3.archive_destination_id,
    });
    const after = await client.listArchiveDestination();
    assert.ok(!after.archive_destinations.some((d) => d.archive_destination_id === s3.archive_destination_id));
    assert.ok(after.archive_destinations.some((d) => d.archive_destination_id === gs.archive_destination_id));
    assert.deepEqual(await failureOf(client.deleteArchiveDestination(s3.archive_destination_id)), {
      status: 404,
      errorType: 'ARCHIVE-DESTINATION-NOT-FOUND',
      field: 'archive_destination_id',
    });
  });

  test('file:// archive destinations are refused unless the operator gives an archive root, then taken inside it', async () => {
    const local = new ImageFluxClient({ accessToken: 'contract-token', endpoint: emulator.url, allowFileBucketUri: true });
    assert.deepEqual(await failureOf(local.createArchiveDestination({ bucket_uri: 'file:///tmp/ifls-archives' })), {
      status: 400,
      errorType: 'EMULATOR-LIMIT',
      field: 'bucket_uri',
    });
    const root = mkdtempSync(join(tmpdir(), 'ifls-contract-archives-'));
    const confined = await startEmulator({ tokens: ['contract-token'], archiveRoot: root });
    try {
      const inRoot = new ImageFluxClient({ accessToken: 'contract-token', endpoint: confined.url, allowFileBucketUri: true });
      const { archive_destination_id } = await inRoot.createArchiveDestination({ bucket_uri: `file://${root}/archives` });
      const listed = await inRoot.listArchiveDestination();
      assert.ok(listed.archive_destinations.some((d) => d.archive_destination_id === archive_destination_id));
    } finally {
      await confined.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a fresh channel has no connections and no clients', async () => {
    const { channel_id } = await client.createChannel(CHANNEL);
    assert.deepEqual(await client.listConnections(channel_id), []);
    assert.deepEqual(await client.listChannelClients(channel_id), []);
  });

  test('push targets echo {type: "push", data}', async () => {
    const { channel_id } = await client.createChannel(CHANNEL);
    const data = { message: 'hello', nested: { count: 1 } };
    assert.deepEqual(await client.pushChannel(channel_id, data), { type: 'push', data });
    assert.deepEqual(await client.pushClient(channel_id, 'some-client', data), { type: 'push', data });
    assert.deepEqual(await client.pushUpstream(channel_id, data), { type: 'push', data });
    assert.deepEqual(await client.pushDownStream(channel_id, data), { type: 'push', data });
  });

  test('push, list and stats of an unknown channel answer 404 CHANNEL-NOT-FOUND', async () => {
    const notFound = { status: 404, errorType: 'CHANNEL-NOT-FOUND', field: 'channel_id' };
    assert.deepEqual(await failureOf(client.pushChannel(UNKNOWN_ID, {})), notFound);
    assert.deepEqual(await failureOf(client.pushClient(UNKNOWN_ID, 'c', {})), notFound);
    assert.deepEqual(await failureOf(client.pushUpstream(UNKNOWN_ID, {})), notFound);
    assert.deepEqual(await failureOf(client.pushDownStream(UNKNOWN_ID, {})), notFound);
    assert.deepEqual(await failureOf(client.listConnections(UNKNOWN_ID)), notFound);
    assert.deepEqual(await failureOf(client.listChannelClients(UNKNOWN_ID)), notFound);
    assert.deepEqual(await failureOf(client.getStats(UNKNOWN_ID, 'connection')), notFound);
  });

  test('GetStats of an unknown connection answers 404 CONNECTION-NOT-FOUND', async () => {
    const { channel_id } = await client.createChannel(CHANNEL);
    assert.deepEqual(await failureOf(client.getStats(channel_id, UNKNOWN_ID)), {
      status: 404,
      errorType: 'CONNECTION-NOT-FOUND',
      field: 'connection_id',
    });
  });

  test('a wrong token answers 401 UNAUTHORIZED', async () => {
    const stranger = new ImageFluxClient({ accessToken: 'not-a-token-of-this-emulator', endpoint: emulator.url });
    assert.deepEqual(await failureOf(stranger.listArchiveDestination()), {
      status: 401,
      errorType: 'UNAUTHORIZED',
      field: undefined,
    });
  });
});

describe('tenant isolation', () => {
  let emulator: RunningEmulator;
  let alice: ImageFluxClient;
  let bob: ImageFluxClient;

  before(async () => {
    emulator = await startEmulator({ tokens: ['alice-token', 'bob-token'] });
    alice = new ImageFluxClient({ accessToken: 'alice-token', endpoint: emulator.url });
    bob = new ImageFluxClient({ accessToken: 'bob-token', endpoint: emulator.url });
  });
  after(() => emulator?.close());

  /** Every answer `other` gets for `owner`'s records, next to the answer for ids that exist nowhere. */
  async function checkInvisible(owner: ImageFluxClient, other: ImageFluxClient): Promise<void> {
    const { channel_id } = await owner.createChannel(CHANNEL);
    const { archive_destination_id } = await owner.createArchiveDestination({ bucket_uri: 's3://owned/' });

    const attempts: Array<[string, (channelId: string, destinationId: string) => Promise<unknown>]> = [
      ['deleteChannel', (c) => other.deleteChannel(c)],
      ['listConnections', (c) => other.listConnections(c)],
      ['listChannelClients', (c) => other.listChannelClients(c)],
      ['pushChannel', (c) => other.pushChannel(c, { x: 1 })],
      ['pushClient', (c) => other.pushClient(c, 'client', { x: 1 })],
      ['pushUpstream', (c) => other.pushUpstream(c, { x: 1 })],
      ['pushDownStream', (c) => other.pushDownStream(c, { x: 1 })],
      ['getStats', (c) => other.getStats(c, 'connection')],
      ['deleteArchiveDestination', (_c, d) => other.deleteArchiveDestination(d)],
      [
        'createChannel with the archive',
        (_c, d) => other.createChannel({ hls: [{ ...CHANNEL.hls[0]!, archive: { archive_destination_id: d } }] }),
      ],
    ];
    for (const [name, attempt] of attempts) {
      const onOwned = await failureOf(attempt(channel_id, archive_destination_id));
      const onMissing = await failureOf(attempt(UNKNOWN_ID, UNKNOWN_ID));
      assert.equal(onOwned.status, 404, name);
      assert.deepEqual(onOwned, onMissing, `${name}: another tenant's record must answer like a missing one`);
    }
    const listed = await other.listArchiveDestination();
    assert.ok(!listed.archive_destinations.some((d) => d.archive_destination_id === archive_destination_id));

    // Nothing the other tenant tried touched the owner's records.
    assert.deepEqual(await owner.listConnections(channel_id), []);
    const ownList = await owner.listArchiveDestination();
    assert.ok(ownList.archive_destinations.some((d) => d.archive_destination_id === archive_destination_id));
    assert.deepEqual(await owner.deleteChannel(channel_id), { channel_id });
  }

  test("bob cannot see alice's channel or archive destination", () => checkInvisible(alice, bob));
  test("alice cannot see bob's channel or archive destination", () => checkInvisible(bob, alice));
});
