import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImageFluxValidationError } from './errors/validation-error.js';
import { TARGETS, type Target } from './types.js';
import { validateRequest } from './validate.js';

const entry = () => ({
  durationSeconds: 1,
  startTimeOffset: -2,
  video: { width: 640, height: 480, fps: 30, bps: 1_000_000 },
  audio: { bps: 64000 },
});
const channel = (change: (hls: Record<string, any>) => void = () => {}) => {
  const hls: Record<string, any> = entry();
  change(hls);
  return { hls: [hls] };
};

// one case a line reads as a table

// prettier-ignore
const bad: Array<[string, Target, unknown, string, 'missing' | 'invalid']> = [
  ['body null', TARGETS.createChannel, null, 'body', 'invalid'],
  ['body array', TARGETS.createChannel, [], 'body', 'invalid'],
  ['no hls', TARGETS.createChannel, {}, 'hls', 'missing'],
  ['hls object', TARGETS.createChannel, { hls: {} }, 'hls', 'invalid'],
  ['empty hls', TARGETS.createChannel, { hls: [] }, 'hls', 'invalid'],
  ['hls entry string', TARGETS.createChannel, { hls: ['x'] }, 'hls[0]', 'invalid'],
  ['zero duration', TARGETS.createChannel, channel((h) => (h.durationSeconds = 0)), 'hls[0].durationSeconds', 'invalid'],
  ['negative duration', TARGETS.createChannel, channel((h) => (h.durationSeconds = -1)), 'hls[0].durationSeconds', 'invalid'],
  ['duration as string', TARGETS.createChannel, channel((h) => (h.durationSeconds = '1')), 'hls[0].durationSeconds', 'invalid'],
  ['no duration', TARGETS.createChannel, channel((h) => delete h.durationSeconds), 'hls[0].durationSeconds', 'missing'],
  ['infinite offset', TARGETS.createChannel, channel((h) => (h.startTimeOffset = Number.POSITIVE_INFINITY)), 'hls[0].startTimeOffset', 'invalid'],
  ['NaN offset', TARGETS.createChannel, channel((h) => (h.startTimeOffset = Number.NaN)), 'hls[0].startTimeOffset', 'invalid'],
  ['no video', TARGETS.createChannel, channel((h) => delete h.video), 'hls[0].video', 'missing'],
  ['zero width', TARGETS.createChannel, channel((h) => (h.video.width = 0)), 'hls[0].video.width', 'invalid'],
  ['negative height', TARGETS.createChannel, channel((h) => (h.video.height = -480)), 'hls[0].video.height', 'invalid'],
  ['fractional width', TARGETS.createChannel, channel((h) => (h.video.width = 640.5)), 'hls[0].video.width', 'invalid'],
  ['zero fps', TARGETS.createChannel, channel((h) => (h.video.fps = 0)), 'hls[0].video.fps', 'invalid'],
  ['negative bps', TARGETS.createChannel, channel((h) => (h.video.bps = -1)), 'hls[0].video.bps', 'invalid'],
  ['audio bps NaN', TARGETS.createChannel, channel((h) => (h.audio.bps = Number.NaN)), 'hls[0].audio.bps', 'invalid'],
  ['audio bps as a string', TARGETS.createChannel, channel((h) => (h.audio.bps = '64000')), 'hls[0].audio.bps', 'invalid'],
  ['audio not object', TARGETS.createChannel, channel((h) => (h.audio = 64000)), 'hls[0].audio', 'invalid'],
  ['archive without id', TARGETS.createChannel, channel((h) => (h.archive = {})), 'hls[0].archive.archive_destination_id', 'missing'],
  ['webhook not a URL', TARGETS.createChannel, { ...channel(), auth_webhook_url: 'nope' }, 'auth_webhook_url', 'invalid'],
  ['webhook ftp', TARGETS.createChannel, { ...channel(), event_webhook_url: 'ftp://x/' }, 'event_webhook_url', 'invalid'],
  ['empty channel_id', TARGETS.deleteChannel, { channel_id: '' }, 'channel_id', 'invalid'],
  ['channel_id number', TARGETS.deleteChannel, { channel_id: 5 }, 'channel_id', 'invalid'],
  ['no channel_id', TARGETS.listConnections, {}, 'channel_id', 'missing'],
  ['http bucket', TARGETS.createArchiveDestination, { bucket_uri: 'https://b/' }, 'bucket_uri', 'invalid'],
  ['s3 without bucket', TARGETS.createArchiveDestination, { bucket_uri: 's3://' }, 'bucket_uri', 'invalid'],
  ['file bucket by default', TARGETS.createArchiveDestination, { bucket_uri: 'file:///tmp/x/' }, 'bucket_uri', 'invalid'],
  ['gcp credential object', TARGETS.createArchiveDestination, { bucket_uri: 'gs://b/p', gcp_credential_json: {} }, 'gcp_credential_json', 'invalid'],
  ['gcp credential not JSON', TARGETS.createArchiveDestination, { bucket_uri: 'gs://b/p', gcp_credential_json: 'my-key.json' }, 'gcp_credential_json', 'invalid'],
  ['gcp credential cut short', TARGETS.createArchiveDestination, { bucket_uri: 'gs://b/p', gcp_credential_json: '{"type": "service_account"' }, 'gcp_credential_json', 'invalid'],
  ['gcp credential empty', TARGETS.createArchiveDestination, { bucket_uri: 'gs://b/p', gcp_credential_json: '' }, 'gcp_credential_json', 'invalid'],
  ['gcp credential a JSON string', TARGETS.createArchiveDestination, { bucket_uri: 'gs://b/p', gcp_credential_json: '"key"' }, 'gcp_credential_json', 'invalid'],
  ['file bucket with an encoded slash', TARGETS.createArchiveDestination, { bucket_uri: 'file:///tmp/a%2Fb/' }, 'bucket_uri', 'invalid'],
  ['push without data', TARGETS.pushChannel, { channel_id: 'c' }, 'data', 'missing'],
  ['push data array', TARGETS.pushUpstream, { channel_id: 'c', data: [] }, 'data', 'invalid'],
  ['push client without client', TARGETS.pushClient, { channel_id: 'c', data: {} }, 'client_id', 'missing'],
  ['stats without connection', TARGETS.getStats, { channel_id: 'c' }, 'connection_id', 'missing'],
];

for (const [name, target, body, field, kind] of bad) {
  test(`refuses ${name}, naming ${field}`, () => {
    assert.throws(
      () => validateRequest(target, body),
      (error: unknown) => error instanceof ImageFluxValidationError && error.field === field && error.kind === kind,
    );
  });
}

test('accepts the spec example and several renditions', () => {
  validateRequest(TARGETS.createChannel, { hls: [entry(), { ...entry(), video: { width: 320, height: 240, fps: 15, bps: 300000 } }] });
  validateRequest(TARGETS.createChannel, { ...channel(), auth_webhook_url: '', event_webhook_url: 'https://example.com/hook' });
});

test('validates only what the spec says: audio bps is normalized, never refused; the offset may be positive; no size or rate ceiling', () => {
  // 利用可能な音声ビットレート: "32000 よりも小さな値が指定された場合は、 32000 になります" and other values
  // become the largest offered one not above them, so no audio bitrate is an error.
  for (const bps of [0, 1, -5, 31999, 64000.5, 1e21, Number.POSITIVE_INFINITY]) {
    validateRequest(
      TARGETS.createChannel,
      channel((h) => (h.audio.bps = bps)),
    );
  }
  // EXT-X-START:TIME-OFFSET is signed (RFC 8216 4.3.5.2): positive counts from the playlist's start.
  for (const offset of [0, 2, 0.5, -2.25, 1e-7])
    validateRequest(
      TARGETS.createChannel,
      channel((h) => (h.startTimeOffset = offset)),
    );
  // The spec states no range for sizes, frame rates or bitrates (the emulator has its own limits).
  validateRequest(
    TARGETS.createChannel,
    channel((h) => (h.video = { width: 5000, height: 20, fps: 240, bps: 1_000_000.5 })),
  );
  validateRequest(
    TARGETS.createChannel,
    channel((h) => (h.video = { width: 1, height: 1, fps: 0.5, bps: 1 })),
  );
});

test('accepts s3:// and gs:// buckets, and file:// only when allowed', () => {
  validateRequest(TARGETS.createArchiveDestination, { bucket_uri: 's3://my-bucket/path/', aws_region: 'ap-northeast-1' });
  validateRequest(TARGETS.createArchiveDestination, {
    bucket_uri: 'gs://my-bucket/path',
    gcp_credential_json: '{"type":"service_account"}',
  });
  validateRequest(TARGETS.createArchiveDestination, { bucket_uri: 's3://LegacyBucket_1/' });
  validateRequest(TARGETS.createArchiveDestination, { bucket_uri: 'file:///tmp/archive/' }, { allowFileBucketUri: true });
});
