import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isArchiveCreatedEventWebhook, isArchiveFailedEventWebhook, isConnectionEventWebhook, isEventWebhook } from './event-guards.js';

const connection = {
  type: 'connection.updated',
  id: '01J0000000000000000000000A',
  timestamp: '2026-01-01T00:00:00.000Z',
  channel_id: 'C',
  session_id: 'S',
  client_id: 'K',
  bundle_id: 'K',
  connection_id: 'X',
  role: 'sendonly',
  audio: true,
  video: true,
  minutes: 3,
  channel_connections: 1,
  channel_sendrecv_connections: 0,
  channel_sendonly_connections: 1,
  channel_recvonly_connections: 0,
};
const created = {
  type: 'imageflux.archive_created',
  id: '01J0000000000000000000000B',
  timestamp: '2026-01-01T00:00:00.000Z',
  channel_id: 'C',
  connection_id: 'X',
  data: { dest_uri: 's3://b/rec/', file_path: 'C/X/v0.m3u8', size: 120, file_type: 'm3u8', archive_destination_id: 'A' },
};
const failed = {
  type: 'imageflux.archive_failed',
  id: '01J0000000000000000000000C',
  timestamp: '2026-01-01T00:00:00.000Z',
  channel_id: 'C',
  data: { dest_uri: 's3://b/rec/', file_path: 'C/X/v0_r1_00000.ts', reason: 'AccessDenied' },
};

test('each guard accepts its event with every field as declared', () => {
  assert.ok(isConnectionEventWebhook(connection));
  assert.ok(
    isConnectionEventWebhook({ ...connection, type: 'connection.destroyed', reason: 'DISCONNECTED-API', event_metadata: { a: 1 } }),
  );
  assert.ok(isArchiveCreatedEventWebhook(created));
  assert.ok(isArchiveFailedEventWebhook(failed));
  for (const event of [connection, created, failed]) assert.ok(isEventWebhook(event));
});

test('a missing or mistyped field, or another event, is refused', () => {
  const { id: _id, ...withoutId } = created;
  assert.equal(isArchiveCreatedEventWebhook(withoutId), false, 'id is required');
  assert.equal(isConnectionEventWebhook({ ...connection, minutes: 1.5 }), false, 'minutes are whole');
  assert.equal(isConnectionEventWebhook({ ...connection, minutes: undefined }), false);
  assert.equal(isConnectionEventWebhook({ ...connection, reason: 'TYPE-DISCONNECT' }), false, 'reason only on destroyed');
  assert.equal(isConnectionEventWebhook({ ...connection, role: 'viewer' }), false);
  assert.equal(isConnectionEventWebhook({ ...connection, timestamp: 'yesterday' }), false);
  assert.equal(isArchiveCreatedEventWebhook({ ...created, data: { ...created.data, file_type: 'mp4' } }), false);
  assert.equal(isArchiveCreatedEventWebhook({ ...created, data: { ...created.data, size: '120' } }), false);
  assert.equal(isArchiveFailedEventWebhook({ ...failed, data: { dest_uri: 's3://b/rec/' } }), false, 'file_path is required');
  assert.equal(isEventWebhook({ ...connection, type: 'notify.playlist_url' }), false);
  for (const value of [null, [], 'connection.created', 1]) assert.equal(isEventWebhook(value), false);
});
