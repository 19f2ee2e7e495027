/**
 * Every event webhook a real emulator sends is what `@ifls/api` declares, checked at runtime with
 * its type guards: a broadcast (connection.created, connection.updated), a viewer, the broadcaster
 * leaving (connection.destroyed), its archive to file:// (imageflux.archive_created, and
 * imageflux.archive_failed for a folder that cannot be made), then DeleteChannel ending the viewer.
 * Chromium runs the unmodified sora-js-sdk; ffmpeg makes the HLS. No timing is asserted.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  isArchiveCreatedEventWebhook,
  isArchiveFailedEventWebhook,
  isConnectionEventWebhook,
  isEventWebhook,
  type ArchiveCreatedEventWebhook,
  type ArchiveFailedEventWebhook,
  type ConnectionEventWebhook,
} from '@ifls/api';
import type { Page } from 'playwright-core';
import { startMediaFixture, waitFor, type MediaFixture } from '../test/media-fixture.js';
import { defaultHlsEntry } from '../test/hls-entries.js';
import { startWebhookRecorder, type RecordedWebhook, type WebhookRecorder } from '../test/webhook-recorder.js';
import type { HarnessGlobal } from '@ifls/test-support/media-harness-api.js';

interface Channel {
  channel_id: string;
  sora_url: string;
  playlist_url: string;
}

const TEST_TIMEOUT = { timeout: 120_000 };
/** connection.updated comes every minute; the emulator reads a shorter period for tests from here. */
const UPDATE_PERIOD_VARIABLE = 'IFLS_EMULATOR_CONNECTION_UPDATED_INTERVAL_MS';

let fixture: MediaFixture;
let hooks: WebhookRecorder;
let broadcasterPage: Page;
let viewerPage: Page;
let channel: Channel;
let broadcasterId: string;
let viewerId: string;
const folders: string[] = [];
let archiveFolder: string;
let blockedFolder: string;

const eventsAt = (path: string): RecordedWebhook[] => hooks.calls.filter((call) => call.path === path);
const events = (): RecordedWebhook[] => eventsAt('/events');
const ofType = (type: string) => events().filter((call) => call.body.type === type);
const connectionEvent = (type: string, connectionId: string) =>
  ofType(type).find((call) => call.body.connection_id === connectionId)?.body as ConnectionEventWebhook | undefined;

describe('event webhooks of a real emulator match their declared types', () => {
  before(async () => {
    process.env[UPDATE_PERIOD_VARIABLE] = '1000';
    hooks = await startWebhookRecorder();
    fixture = await startMediaFixture({ archiveRoot: tmpdir() }); // file:// archives below are made in tmpdir()
    broadcasterPage = await fixture.newPage();
    viewerPage = await fixture.newPage();
    archiveFolder = mkdtempSync(join(tmpdir(), 'ifls-event-archive-'));
    const scratch = mkdtempSync(join(tmpdir(), 'ifls-event-blocked-'));
    folders.push(archiveFolder, scratch);
    // A regular file where the archive wants a folder: every file of that archive fails.
    blockedFolder = join(scratch, 'a-file');
    writeFileSync(blockedFolder, 'not a folder');
  });

  after(async () => {
    delete process.env[UPDATE_PERIOD_VARIABLE];
    await fixture?.close();
    await hooks?.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  test('a broadcast and a viewer: connection.created, then connection.updated for each', TEST_TIMEOUT, async () => {
    const good = await fixture.client.createArchiveDestination({
      bucket_uri: `file://${archiveFolder}/recordings`,
    });
    const blocked = await fixture.client.createArchiveDestination({
      bucket_uri: `file://${blockedFolder}/`,
    });
    channel = await fixture.client.createChannel({
      event_webhook_url: `${hooks.origin}/events`,
      hls: [
        { ...defaultHlsEntry, archive: { archive_destination_id: good.archive_destination_id } },
        {
          ...defaultHlsEntry,
          video: { width: 160, height: 120, fps: 10, bps: 100_000 },
          archive: { archive_destination_id: blocked.archive_destination_id },
        },
      ],
    });
    const published = await broadcasterPage.evaluate(
      (c) => (globalThis as unknown as HarnessGlobal).harness.publish('broadcaster', { soraUrl: c.sora_url, channelId: c.channel_id }),
      channel,
    );
    assert.ok(published.ok, published.message);
    broadcasterId = published.connectionId!;
    const viewed = await viewerPage.evaluate(
      (c) => (globalThis as unknown as HarnessGlobal).harness.view('viewer', { soraUrl: c.sora_url, channelId: c.channel_id }),
      channel,
    );
    assert.ok(viewed.ok, viewed.message);
    viewerId = viewed.connectionId!;

    for (const id of [broadcasterId, viewerId]) {
      await waitFor(`connection.created of ${id}`, () => connectionEvent('connection.created', id), 20_000);
      // With the default period this takes a minute: the variable must reach the emulator.
      const updated = await waitFor(`connection.updated of ${id}`, () => connectionEvent('connection.updated', id), 15_000);
      assert.ok(isConnectionEventWebhook(updated), JSON.stringify(updated));
      assert.equal(updated.minutes, 0, 'whole minutes since the connection was established: 0 in the first');
    }
    assert.equal(connectionEvent('connection.updated', broadcasterId)?.role, 'sendonly');
    assert.equal(connectionEvent('connection.updated', viewerId)?.role, 'recvonly');
  });

  test('the broadcaster leaves: connection.destroyed without a reason, then its archive, file by file', TEST_TIMEOUT, async () => {
    // A few segments in both renditions, so that both archives have files.
    await waitFor('both renditions', async () => (await fetch(channel.playlist_url)).status === 200, 30_000);
    const smallRendition = new URL('v1.m3u8', channel.playlist_url).href;
    await waitFor(
      'three segments',
      async () => (await (await fetch(smallRendition)).text()).split('\n').filter((line) => line.endsWith('.ts')).length >= 3,
      30_000,
    );
    await broadcasterPage.evaluate(() => (globalThis as unknown as HarnessGlobal).harness.disconnect('broadcaster'));

    const destroyed = await waitFor(
      'connection.destroyed of the broadcaster',
      () => connectionEvent('connection.destroyed', broadcasterId),
      20_000,
    );
    assert.ok(isConnectionEventWebhook(destroyed), JSON.stringify(destroyed));
    assert.equal(destroyed.reason, undefined, 'the client left: no API reason');

    const isPlaylist = (call: RecordedWebhook) => (call.body.data as { file_path?: string } | undefined)?.file_path?.endsWith('.m3u8');
    await waitFor('the playlist archived', () => ofType('imageflux.archive_created').some(isPlaylist), 30_000);
    await waitFor('the blocked playlist failed', () => ofType('imageflux.archive_failed').some(isPlaylist), 60_000);

    const created = ofType('imageflux.archive_created').map((call) => call.body as unknown as ArchiveCreatedEventWebhook);
    assert.ok(created.length >= 2, 'segments and the playlist');
    for (const event of created) {
      assert.ok(isArchiveCreatedEventWebhook(event), JSON.stringify(event));
      assert.equal(event.connection_id, broadcasterId);
      // 保存先URI (the destination, as created, ending with '/') + 指定されたバケットURI以下のファイルパス = the file
      assert.equal(event.data.dest_uri, `file://${archiveFolder}/recordings/`);
      assert.equal(event.data.file_path.split('/').slice(0, 2).join('/'), `${channel.channel_id}/${broadcasterId}`);
      const stored = readFileSync(fileURLToPath(event.data.dest_uri + event.data.file_path));
      assert.equal(stored.length, event.data.size, event.data.file_path);
    }

    const failed = ofType('imageflux.archive_failed').map((call) => call.body as unknown as ArchiveFailedEventWebhook);
    for (const event of failed) {
      assert.ok(isArchiveFailedEventWebhook(event), JSON.stringify(event));
      assert.equal(event.data.dest_uri, `file://${blockedFolder}/`);
      assert.match(event.data.file_path, new RegExp(`^${channel.channel_id}/${broadcasterId}/v1`));
    }
  });

  test('DeleteChannel ends a viewer: its connection.destroyed gives the reason DISCONNECTED-API', TEST_TIMEOUT, async () => {
    // A viewer of its own: the first one's life may have ended with the broadcast.
    const viewed = await viewerPage.evaluate(
      (c) => (globalThis as unknown as HarnessGlobal).harness.view('last-viewer', { soraUrl: c.sora_url, channelId: c.channel_id }),
      channel,
    );
    assert.ok(viewed.ok, viewed.message);
    const lastViewerId = viewed.connectionId!;
    await waitFor('connection.created of the last viewer', () => connectionEvent('connection.created', lastViewerId), 20_000);
    await fixture.client.deleteChannel(channel.channel_id);
    const destroyed = await waitFor(
      'connection.destroyed of the last viewer',
      () => connectionEvent('connection.destroyed', lastViewerId),
      20_000,
    );
    assert.ok(isConnectionEventWebhook(destroyed), JSON.stringify(destroyed));
    assert.equal(destroyed.reason, 'DISCONNECTED-API');
  });

  test('every event delivered parses as its declared type, with an id of its own and its type in the header', () => {
    const delivered = events();
    const types = new Set(delivered.map((call) => call.body.type));
    for (const type of [
      'connection.created',
      'connection.updated',
      'connection.destroyed',
      'imageflux.archive_created',
      'imageflux.archive_failed',
    ]) {
      assert.ok(types.has(type), `no ${type} was sent`);
    }
    const invalid = delivered.filter((call) => !isEventWebhook(call.body)).map((call) => call.body);
    assert.deepEqual(invalid, [], 'events that are not what @ifls/api declares');
    const ids = delivered.map((call) => call.body.id);
    assert.equal(new Set(ids).size, ids.length, 'one id per event');
    for (const call of delivered) assert.equal(call.headers['sora-event-webhook-type'], call.body.type);
  });
});
