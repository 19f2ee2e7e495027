import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ChannelRecord } from './media-seam.js';
import { STORE_FOLDER_NAME, Store } from './store.js';
import { ID_PATTERN, newId } from './store/ids.js';
import { LEGACY_STORE_FILE_NAME } from './store/store-folder.js';
import { StoreFileError } from './store/store-file-error.js';
import { tenantOf } from './store/tenant.js';

function channel(tenant: string): ChannelRecord {
  return {
    channel_id: newId(),
    tenant,
    hls: [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1 }, audio: { bps: 96000 } }],
    auth_webhook_url: '',
    event_webhook_url: '',
    created_at: new Date().toISOString(),
  };
}

describe('Store', () => {
  const folders: string[] = [];
  const newFolder = () => {
    const folder = mkdtempSync(join(tmpdir(), 'ifls-store-'));
    folders.push(folder);
    return folder;
  };
  after(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  test('ids are 26 characters of Crockford base32 and differ', () => {
    const ids = new Set(Array.from({ length: 1000 }, newId));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.match(id, ID_PATTERN);
  });

  test('a tenant is a sha256 of its token', () => {
    assert.match(tenantOf('token'), /^[0-9a-f]{64}$/);
    assert.notEqual(tenantOf('token'), tenantOf('token2'));
  });

  test("lookups by tenant do not find another tenant's records", async () => {
    const store = new Store();
    const record = channel('tenant-a');
    await store.addChannel(record);
    assert.equal(store.findChannelOf('tenant-a', record.channel_id), record);
    assert.equal(store.findChannelOf('tenant-b', record.channel_id), undefined);
    assert.equal(store.findChannel(record.channel_id), record);
  });

  test('a second store on the same folder reads what the first wrote', async () => {
    const folder = newFolder();
    const first = new Store(folder);
    const kept = channel('t');
    const removed = channel('t');
    await first.addChannel(kept);
    await first.addChannel(removed);
    await first.removeChannel(removed.channel_id);
    await first.addArchiveDestination({ archive_destination_id: 'A', tenant: 't', bucket_uri: 's3://b/', created_at: kept.created_at });

    const second = new Store(folder);
    assert.deepEqual(second.findChannel(kept.channel_id), kept);
    assert.equal(second.findChannel(removed.channel_id), undefined);
    assert.deepEqual(
      second.listArchiveDestinationsOf('t').map((d) => d.archive_destination_id),
      ['A'],
    );
  });

  test('a change is visible once it is on disk, and changes made meanwhile are written together', async () => {
    const folder = newFolder();
    const store = new Store(folder);
    const records = Array.from({ length: 50 }, () => channel('t'));
    const writes = records.map((record) => store.addChannel(record));
    assert.equal(store.findChannel(records[0]!.channel_id), undefined, 'not served before it is durable');
    assert.equal(store.channelCountOf('t'), 50, 'but counted for the limits');
    await Promise.all(writes);
    const onDisk = JSON.parse(readFileSync(store.fileOf('t')!, 'utf8')) as { channels: ChannelRecord[] };
    assert.deepEqual(
      onDisk.channels.map((c) => c.channel_id),
      records.map((c) => c.channel_id),
    );
  });

  test('each tenant has a compact file of its own; a change of one never rewrites another', async () => {
    const folder = newFolder();
    const store = new Store(folder);
    for (let index = 0; index < 20; index += 1) await store.addChannel(channel('big'));
    const bigFile = store.fileOf('big')!;
    const before = statSync(bigFile);
    for (let index = 0; index < 5; index += 1) await store.addChannel(channel('small'));
    const afterwards = statSync(bigFile);
    assert.equal(afterwards.ino, before.ino, "tenant big's file was replaced by tenant small's changes");
    assert.equal(afterwards.mtimeMs, before.mtimeMs);
    const text = readFileSync(store.fileOf('small')!, 'utf8');
    assert.equal(text.split('\n').length, 2, 'one line and its newline');
    assert.ok(!text.includes('  ') && !text.includes(': '), 'written without indentation');
    assert.deepEqual(readdirSync(join(folder, STORE_FOLDER_NAME)).sort(), ['big.json', 'small.json']);
  });

  test('temp files of an interrupted write are removed, the store files are kept', async () => {
    const folder = newFolder();
    await new Store(folder).addChannel(channel('t'));
    writeFileSync(join(folder, STORE_FOLDER_NAME, 't.json.0123456789ab.tmp'), '{"torn');
    const reopened = new Store(folder);
    assert.deepEqual(readdirSync(join(folder, STORE_FOLDER_NAME)), ['t.json']);
    assert.equal(reopened.channelCountOf('t'), 1);
  });

  test('a change that cannot be written is not kept in memory either', async () => {
    const folder = newFolder();
    const store = new Store(folder);
    rmSync(folder, { recursive: true, force: true });
    const record = channel('t');
    await assert.rejects(store.addChannel(record), { code: 'ENOENT' });
    assert.equal(store.findChannel(record.channel_id), undefined);
    assert.equal(store.channelCountOf('t'), 0);
  });

  test('a store file that is not ours stops the start, naming the file and what to do', () => {
    const folder = newFolder();
    new Store(folder);
    const file = join(folder, STORE_FOLDER_NAME, 't.json');
    writeFileSync(file, '{"something": "else"}');
    assert.throws(
      () => new Store(folder),
      (error) => {
        assert.ok(error instanceof StoreFileError);
        assert.equal(error.path, file);
        assert.match(error.message, /not an ifls-emulator store file/);
        assert.match(error.message, /move it out of the folder/);
        return true;
      },
    );
  });

  test('a store file that is not JSON names the file and where the JSON breaks', () => {
    const folder = newFolder();
    new Store(folder);
    const file = join(folder, STORE_FOLDER_NAME, 't.json');
    writeFileSync(file, '{"version":2,"tenant":"t","channels":[}');
    assert.throws(
      () => new Store(folder),
      (error) => {
        assert.ok(error instanceof StoreFileError);
        assert.ok(error.message.startsWith(`${file}: not valid JSON (`), error.message);
        // V8 quotes the text around the fault (older releases give its position instead).
        assert.match(error.message, /\[\}|position 38/);
        return true;
      },
    );
  });

  test('a store.json of an older emulator is split into tenant files, then removed', () => {
    const folder = newFolder();
    const a = channel('a');
    const b = channel('b');
    const destination = { archive_destination_id: 'D', tenant: 'b', bucket_uri: 's3://b/', created_at: a.created_at };
    writeFileSync(
      join(folder, LEGACY_STORE_FILE_NAME),
      JSON.stringify({ version: 1, channels: [a, b], archive_destinations: [destination] }, null, 2),
    );
    const store = new Store(folder);
    assert.deepEqual(store.findChannelOf('a', a.channel_id), a);
    assert.deepEqual(store.findChannelOf('b', b.channel_id), b);
    assert.deepEqual(store.listArchiveDestinationsOf('b'), [destination]);
    assert.ok(!readdirSync(folder).includes(LEGACY_STORE_FILE_NAME));
    assert.deepEqual(new Store(folder).findChannel(a.channel_id), a);
  });
});
