import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseConnectMessage } from './connect-message.js';
import { CloseCode, signalingClose } from './signaling-close.js';

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
  ];
  for (const [what, message, code] of refusals) {
    test(`refuses ${what} with ${code}`, () => {
      const result = parseConnectMessage(message);
      assert.equal(result.ok, false);
      if (!result.ok) assert.equal(result.close.code, code);
    });
  }

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

  test('a viewer may ask for any codec: it gets the broadcaster\'s', () => {
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
