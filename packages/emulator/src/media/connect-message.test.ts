import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConnectMessage } from './connect-message.js';
import { CloseCode, signalingClose } from './signaling-close.js';

/** An array `depth` levels deep. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
}

const base = { type: 'connect', role: 'sendonly', channel_id: 'CH', sdp: 'v=0', audio: true, video: { codec_type: 'H264' } };

describe('parseConnectMessage', () => {
  test('reads what sora-js-sdk sends', () => {
    const result = parseConnectMessage({ ...base, metadata: { a: 1 }, client_id: 'me', sora_client: 'Sora JavaScript SDK 2026.1.0' });
    assert.ok(result.ok);
    assert.equal(result.request.role, 'sendonly');
    assert.equal(result.request.videoCodec, 'H264');
    assert.equal(result.request.clientId, 'me');
    assert.deepEqual(result.request.metadata, { a: 1 });
  });

  const refusals: [string, Record<string, unknown>, number][] = [
    ['no role', { ...base, role: undefined }, CloseCode.invalidConnectMessage],
    ['an unknown role', { ...base, role: 'viewer' }, CloseCode.invalidConnectMessage],
    ['sendrecv', { ...base, role: 'sendrecv' }, CloseCode.unsupportedRole],
    ['no channel_id', { ...base, channel_id: undefined }, CloseCode.invalidConnectMessage],
    ['an empty channel_id', { ...base, channel_id: '' }, CloseCode.invalidConnectMessage],
    ['a numeric client_id', { ...base, client_id: 3 }, CloseCode.invalidConnectMessage],
    ['a broadcaster with neither audio nor video', { ...base, audio: false, video: false }, CloseCode.invalidConnectMessage],
    ['H265 from a broadcaster', { ...base, video: { codec_type: 'H265' } }, CloseCode.unsupportedVideoCodec],
    ['AV1 from a broadcaster', { ...base, video: { codec_type: 'AV1' } }, CloseCode.unsupportedVideoCodec],
    ['audio as a string', { ...base, audio: 'yes' }, CloseCode.invalidConnectMessage],
    ['metadata over 64 KiB', { ...base, metadata: { text: 'x'.repeat(64 * 1024) } }, CloseCode.fieldTooLarge],
    ['signaling_notify_metadata over 64 KiB', { ...base, signaling_notify_metadata: 'x'.repeat(64 * 1024) }, CloseCode.fieldTooLarge],
    ['a client_id over 255 bytes', { ...base, client_id: 'あ'.repeat(86) }, CloseCode.fieldTooLarge],
    ['a bundle_id over 255 bytes', { ...base, bundle_id: 'b'.repeat(256) }, CloseCode.fieldTooLarge],
    ['metadata nested 33 levels', { ...base, metadata: nested(33) }, CloseCode.fieldTooLarge],
    // Built by JSON.parse (which does not recurse), as a hostile client's would be; JSON.stringify would overflow on it.
    [
      'metadata nested 100 000 levels',
      { ...base, metadata: JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) },
      CloseCode.fieldTooLarge,
    ],
  ];
  for (const [what, message, code] of refusals) {
    test(`refuses ${what} with ${code}`, () => {
      const result = parseConnectMessage(message);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.close.code, code);
    });
  }

  test('metadata up to the limits is kept', () => {
    const metadata = { deep: nested(31), text: 'x'.repeat(60 * 1024) };
    const result = parseConnectMessage({ ...base, metadata, client_id: 'c'.repeat(255), signaling_notify_metadata: { n: nested(31) } });
    assert.ok(result.ok);
    assert.deepEqual(result.request.metadata, metadata);
  });

  test('a refusal names the field and the limit', () => {
    const result = parseConnectMessage({ ...base, metadata: nested(40) });
    assert.ok(!result.ok);
    assert.equal(result.close.reason, 'FIELD-TOO-LARGE: metadata nests over 32 levels');
  });

  test('a broadcaster may send audio only', () => {
    const result = parseConnectMessage({ ...base, video: false });
    assert.ok(result.ok);
    assert.equal(result.request.videoEnabled, false);
    assert.equal(result.request.audioEnabled, true);
    assert.equal(result.request.videoCodec, undefined);
  });

  for (const codec of ['VP8', 'VP9'] as const) {
    test(`a broadcaster may send ${codec}`, () => {
      const result = parseConnectMessage({ ...base, video: { codec_type: codec } });
      assert.ok(result.ok);
      assert.equal(result.request.videoCodec, codec);
    });
  }

  test("a viewer may ask for any codec: it gets the broadcaster's", () => {
    const result = parseConnectMessage({ ...base, role: 'recvonly', video: { codec_type: 'AV1' } });
    assert.ok(result.ok);
  });
});

describe('signalingClose', () => {
  test('cuts reasons to 123 bytes without splitting a character', () => {
    const close = signalingClose(4010, `AUTH-WEBHOOK-REJECTED: ${'あ'.repeat(60)}`);
    assert.ok(Buffer.byteLength(close.reason) <= 123);
    assert.ok(!close.reason.includes('\uFFFD'));
    assert.ok(close.reason.startsWith('AUTH-WEBHOOK-REJECTED: あ'));
  });
});
