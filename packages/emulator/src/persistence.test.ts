// The CLI with --data-dir keeps channels and archive destinations through `kill -9`.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ImageFluxApiError, ImageFluxClient, type CreateChannelRequest } from '@ifls/api';
import { CliProcesses, type StartedCli } from './test/cli-processes.js';
import { startEmulator } from './emulator.js';
import { STORE_FOLDER_NAME } from './store.js';
import { DataDirLockedError } from './store/data-dir-locked-error.js';
import { LOCK_FILE_NAME } from './store/data-dir-lock.js';
import { tenantOf } from './store/tenant.js';

const ALICE = 'persist-alice-7f3a9c';
const BOB = 'persist-bob-51d0e2';
const CHANNEL: CreateChannelRequest = {
  hls: [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1000000 } }],
};

const clientOf = (cli: StartedCli, token: string) => new ImageFluxClient({ accessToken: token, endpoint: cli.url });

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
    const folder = join(dataDir, STORE_FOLDER_NAME);
    const names = readdirSync(folder);
    assert.deepEqual(names, [`${tenantOf(ALICE)}.json`], 'only Alice has records');
    assert.deepEqual(
      [...names, ...readdirSync(dataDir)].filter((name) => name.endsWith('.tmp')),
      [],
    );
    const stored = readFileSync(join(folder, names[0]!), 'utf8');
    assert.ok(!stored.includes(ALICE) && !stored.includes(BOB), 'a token was written to disk');
    assert.ok(stored.includes('persisted-secret'), 'credentials are kept for the media plane');
  });
});

describe('one emulator per data folder', { timeout: 120_000 }, () => {
  const processes = new CliProcesses();
  const folders: string[] = [];
  const newFolder = () => {
    const folder = mkdtempSync(join(tmpdir(), 'ifls-data-dir-'));
    folders.push(folder);
    return folder;
  };
  after(async () => {
    await processes.killAll();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  test('a second startEmulator on the folder refuses, naming it and the pid; after close() it starts', async () => {
    const dataDir = newFolder();
    const first = await startEmulator({ dataDir });
    try {
      await assert.rejects(startEmulator({ dataDir }), (error) => {
        assert.ok(error instanceof DataDirLockedError, String(error));
        assert.equal(error.holderPid, process.pid);
        assert.ok(error.message.includes(dataDir), error.message);
        assert.ok(error.message.includes(`pid ${process.pid}`), error.message);
        return true;
      });
    } finally {
      await first.close();
    }
    assert.ok(!readdirSync(dataDir).includes(LOCK_FILE_NAME), 'close() releases the lock');
    const second = await startEmulator({ dataDir });
    await second.close();
  });

  test("a second CLI exits 1 naming the folder and the first one's pid; a lock left by a dead process is taken over", async () => {
    const dataDir = newFolder();
    const first = await processes.start(['--port', '0', '--data-dir', dataDir, '--token', ALICE]);
    const second = await processes.run(['--port', '0', '--data-dir', dataDir, '--token', ALICE]);
    assert.equal(second.code, 1);
    assert.ok(second.stderr.includes(dataDir), second.stderr);
    assert.ok(second.stderr.includes(`pid ${first.child.pid}`), second.stderr);
    assert.doesNotMatch(second.stderr, /could not start on/, 'the listen address is not to blame');
    // The first one was not disturbed.
    await clientOf(first, ALICE).createChannel(CHANNEL);

    first.child.kill('SIGKILL');
    await first.exited;
    assert.ok(readdirSync(dataDir).includes(LOCK_FILE_NAME), 'SIGKILL leaves the lock behind');
    const third = await processes.start(['--port', '0', '--data-dir', dataDir, '--token', ALICE]);
    third.child.kill('SIGTERM');
    assert.deepEqual(await third.exited, { code: 0, signal: null });
    assert.ok(!readdirSync(dataDir).includes(LOCK_FILE_NAME), 'a stopped CLI releases the lock');
  });

  test('a corrupt store file: the CLI names the file, what is wrong and what to do', async () => {
    const dataDir = newFolder();
    const first = await processes.start(['--port', '0', '--data-dir', dataDir, '--token', ALICE]);
    await clientOf(first, ALICE).createChannel(CHANNEL);
    first.child.kill('SIGTERM');
    await first.exited;
    const file = join(dataDir, STORE_FOLDER_NAME, `${tenantOf(ALICE)}.json`);
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));

    const result = await processes.run(['--port', '0', '--data-dir', dataDir, '--token', ALICE]);
    assert.equal(result.code, 1);
    assert.ok(result.stderr.includes(file), result.stderr);
    assert.match(result.stderr, /not valid JSON/);
    assert.match(result.stderr, /move it out of the folder .* or fix it/);
    assert.doesNotMatch(result.stderr, /could not start on/, 'the listen address is not to blame');
  });
});
