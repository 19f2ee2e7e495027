// The CLI with --data-dir keeps channels and archive destinations through `kill -9`.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ImageFluxApiError, ImageFluxClient, type CreateChannelRequest } from '@ifls/api';
import { CliProcesses, type StartedCli } from './cli-process.test.helper.js';
import { STORE_FILE_NAME } from './store.js';

const ALICE = 'persist-alice-7f3a9c';
const BOB = 'persist-bob-51d0e2';
const CHANNEL: CreateChannelRequest = {
  hls: [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1000000 } }],
};

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    assert.ok(error instanceof ImageFluxApiError, String(error));
    return error.status;
  }
}

describe('persistence across kill -9', { timeout: 120_000 }, () => {
  const processes = new CliProcesses();
  const dataDir = mkdtempSync(join(tmpdir(), 'ifls-persistence-'));
  after(async () => {
    await processes.killAll();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = () => processes.start(['--port', '0', '--data-dir', dataDir, '--token', ALICE, '--token', BOB]);
  const clientOf = (cli: StartedCli, token: string) => new ImageFluxClient({ accessToken: token, endpoint: cli.url });
  const killHard = async (cli: StartedCli) => {
    cli.child.kill('SIGKILL');
    assert.equal((await cli.exited).signal, 'SIGKILL');
  };

  test('channels and archive destinations survive; other tenants still cannot see them', async () => {
    const first = await start();
    const alice = clientOf(first, ALICE);
    const { archive_destination_id } = await alice.createArchiveDestination({
      bucket_uri: 's3://persisted-bucket/path/',
      aws_access_key_id: 'AKIA-PERSISTED',
      aws_secret_access_key: 'persisted-secret',
    });
    const kept = await alice.createChannel({ hls: [{ ...CHANNEL.hls[0]!, archive: { archive_destination_id } }] });
    const deleted = await alice.createChannel(CHANNEL);
    await alice.deleteChannel(deleted.channel_id);
    await killHard(first);

    const second = await start();
    const aliceAgain = clientOf(second, ALICE);
    const bobAgain = clientOf(second, BOB);

    assert.deepEqual((await aliceAgain.listArchiveDestination()).archive_destinations, [
      { archive_destination_id, bucket_uri: 's3://persisted-bucket/path/' },
    ]);
    assert.deepEqual(await aliceAgain.listConnections(kept.channel_id), []);
    assert.deepEqual(await aliceAgain.pushChannel(kept.channel_id, { after: 'restart' }), { type: 'push', data: { after: 'restart' } });
    assert.equal(await statusOf(aliceAgain.listConnections(deleted.channel_id)), 404, 'a deleted channel stays deleted');

    assert.equal(await statusOf(bobAgain.listConnections(kept.channel_id)), 404);
    assert.equal(await statusOf(bobAgain.deleteArchiveDestination(archive_destination_id)), 404);
    assert.deepEqual((await bobAgain.listArchiveDestination()).archive_destinations, []);

    // A destination that came back from disk can still be used, and changes after a restart are kept too.
    const another = await aliceAgain.createChannel({ hls: [{ ...CHANNEL.hls[0]!, archive: { archive_destination_id } }] });
    await aliceAgain.deleteChannel(kept.channel_id);
    await killHard(second);

    const third = await start();
    const aliceThird = clientOf(third, ALICE);
    assert.equal(await statusOf(aliceThird.listConnections(kept.channel_id)), 404);
    assert.deepEqual(await aliceThird.listConnections(another.channel_id), []);
    assert.equal((await aliceThird.listArchiveDestination()).archive_destinations.length, 1);
  });

  test('the data folder holds no access token and no leftover temp files', async () => {
    const names = readdirSync(dataDir);
    assert.ok(names.includes(STORE_FILE_NAME), names.join(', '));
    assert.deepEqual(names.filter((name) => name.endsWith('.tmp')), []);
    const stored = readFileSync(join(dataDir, STORE_FILE_NAME), 'utf8');
    assert.ok(!stored.includes(ALICE) && !stored.includes(BOB), 'a token was written to disk');
    assert.ok(stored.includes('persisted-secret'), 'credentials are kept for the media plane');
  });
});
