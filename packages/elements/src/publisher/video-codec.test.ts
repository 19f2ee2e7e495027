import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseVideoCodec, sendableVideoCodecs, videoCodecOfMimeType } from './video-codec.js';

/** `RTCRtpSender.getCapabilities('video')` as browsers answer it, reduced to mime types. */
const capabilities = (...mimeTypes: string[]) => ({ codecs: mimeTypes.map((mimeType) => ({ mimeType })) });

/** Chromium 156 on this machine. */
const chromium = capabilities('video/VP8', 'video/rtx', 'video/H264', 'video/AV1', 'video/VP9', 'video/red', 'video/ulpfec');
/** Debian's Firefox ESR 153: no OpenH264 plug-in, so no H.264 for WebRTC. */
const firefoxEsr = capabilities('video/VP8', 'video/VP9', 'video/AV1', 'video/ulpfec', 'video/red', 'video/rtx');

test('lists the codecs the browser can send, in the preferred order, ignoring rtx/red/fec and case', () => {
  assert.deepEqual(sendableVideoCodecs(chromium), ['H264', 'VP8', 'VP9', 'AV1']);
  assert.deepEqual(sendableVideoCodecs(firefoxEsr), ['VP8', 'VP9', 'AV1']);
  assert.deepEqual(sendableVideoCodecs(capabilities('video/h264')), ['H264']);
  assert.deepEqual(sendableVideoCodecs(capabilities('video/H265', 'video/rtx')), []);
  assert.equal(sendableVideoCodecs(null), null);
  assert.equal(sendableVideoCodecs(undefined), null);
});

test('the requested codec is used when the browser can send it', () => {
  assert.equal(chooseVideoCodec('H264', sendableVideoCodecs(chromium)), 'H264');
  assert.equal(chooseVideoCodec('VP9', sendableVideoCodecs(chromium)), 'VP9');
  assert.equal(chooseVideoCodec('av1', sendableVideoCodecs(firefoxEsr)), 'AV1');
});

test('otherwise the best codec the browser can send: Firefox ESR without H.264 sends VP8', () => {
  assert.equal(chooseVideoCodec('H264', sendableVideoCodecs(firefoxEsr)), 'VP8');
  assert.equal(chooseVideoCodec('VP8', ['VP9', 'AV1']), 'VP9');
  assert.equal(chooseVideoCodec('H264', ['AV1']), 'AV1');
});

test('an unknown request counts as none', () => {
  assert.equal(chooseVideoCodec('H265', sendableVideoCodecs(firefoxEsr)), 'VP8');
  assert.equal(chooseVideoCodec('', sendableVideoCodecs(chromium)), 'H264');
});

test('nothing sendable gives null; a browser that does not say keeps the request', () => {
  assert.equal(chooseVideoCodec('H264', []), null);
  assert.equal(chooseVideoCodec('VP9', null), 'VP9');
  assert.equal(chooseVideoCodec('nonsense', null), 'H264');
});

test('names the codec of a stats mime type', () => {
  assert.equal(videoCodecOfMimeType('video/VP8'), 'VP8');
  assert.equal(videoCodecOfMimeType('video/h264'), 'H264');
  assert.equal(videoCodecOfMimeType('audio/opus'), null);
});
