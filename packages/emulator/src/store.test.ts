import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ChannelRecord } from './media-seam.js';
import { STORE_FILE_NAME, Store } from './store.js';
import { ID_PATTERN, newId } from './store/ids.js';
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

  test("lookups by tenant do not find another tenant's records", () => {
    const store = new Store();
    const record = channel('tenant-a');
    store.addChannel(record);
    assert.equal(store.findChannelOf('tenant-a', record.channel_id), record);
    assert.equal(store.findChannelOf('tenant-b', record.channel_id), undefined);
    assert.equal(store.findChannel(record.channel_id), record);
  });

  test('a second store on the same folder reads what the first wrote', () => {
    const folder = newFolder();
    const first = new Store(folder);
    const kept = channel('t');
    const removed = channel('t');
    first.addChannel(kept);
    first.addChannel(removed);
    first.removeChannel(removed.channel_id);
    first.addArchiveDestination({ archive_destination_id: 'A', tenant: 't', bucket_uri: 's3://b/', created_at: kept.created_at });

    const second = new Store(folder);
    assert.deepEqual(second.findChannel(kept.channel_id), kept);
    assert.equal(second.findChannel(removed.channel_id), undefined);
    assert.deepEqual(second.listArchiveDestinationsOf('t').map((d) => d.archive_destination_id), ['A']);
  });

  test('temp files of an interrupted write are removed, the store file is kept', () => {
    const folder = newFolder();
    new Store(folder).addChannel(channel('t'));
    writeFileSync(join(folder, `${STORE_FILE_NAME}.abc123.tmp`), '{"torn');
    const reopened = new Store(folder);
    assert.deepEqual(readdirSync(folder), [STORE_FILE_NAME]);
    assert.equal(reopened.listArchiveDestinationsOf('t').length, 0);
  });

  test('a change that cannot be written is not kept in memory either', () => {
    const folder = newFolder();
    const store = new Store(folder);
    rmSync(folder, { recursive: true, force: true });
    const record = channel('t');
    assert.throws(() => store.addChannel(record), { code: 'ENOENT' });
    assert.equal(store.findChannel(record.channel_id), undefined);
  });

  test('a store file that is not ours stops the start instead of being overwritten', () => {
    const folder = newFolder();
    writeFileSync(join(folder, STORE_FILE_NAME), '{"something": "else"}');
    assert.throws(() => new Store(folder), /not an ifls-emulator store/);
  });
});
