import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseVideoCodec, sendableVideoCodecs, videoCodecAttribute, videoCodecNamed, videoCodecOfMimeType } from './video-codec.js';

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
  assert.equal(chooseVideoCodec('AV1', sendableVideoCodecs(firefoxEsr)), 'AV1');
});

test('otherwise the best codec the browser can send: Firefox ESR without H.264 sends VP8', () => {
  assert.equal(chooseVideoCodec('H264', sendableVideoCodecs(firefoxEsr)), 'VP8');
  assert.equal(chooseVideoCodec('VP8', ['VP9', 'AV1']), 'VP9');
  assert.equal(chooseVideoCodec('H264', ['AV1']), 'AV1');
});

test('a codec is named in any case: vp8, Vp9, h264', () => {
  assert.equal(videoCodecNamed('vp8'), 'VP8');
  assert.equal(videoCodecNamed('Vp9'), 'VP9');
  assert.equal(videoCodecNamed('h264'), 'H264');
  assert.equal(videoCodecNamed('aV1'), 'AV1');
  assert.equal(videoCodecNamed('VP8'), 'VP8');
});

test('anything else names no codec: vp10, theora, the empty string, H265, padding, a non-string', () => {
  for (const value of ['vp10', 'theora', '', 'H265', 'HEVC', ' vp8', 'vp8 ', 'video/VP8', 'H.264', undefined, null, 8, {}]) {
    assert.equal(videoCodecNamed(value), null, String(value));
  }
});

test('the video-codec attribute converter normalizes the case, keeps an unknown value for start() to refuse, and defaults to H264', () => {
  assert.equal(videoCodecAttribute.fromAttribute('vp8'), 'VP8');
  assert.equal(videoCodecAttribute.fromAttribute('Vp9'), 'VP9');
  assert.equal(videoCodecAttribute.fromAttribute('h264'), 'H264');
  assert.equal(videoCodecAttribute.fromAttribute('vp10'), 'vp10');
  assert.equal(videoCodecAttribute.fromAttribute(''), '');
  assert.equal(videoCodecAttribute.fromAttribute(null), 'H264', 'removing the attribute restores the default');
});

test('nothing sendable gives null; a browser that does not say keeps the request', () => {
  assert.equal(chooseVideoCodec('H264', []), null);
  assert.equal(chooseVideoCodec('VP9', null), 'VP9');
});

test('names the codec of a stats mime type', () => {
  assert.equal(videoCodecOfMimeType('video/VP8'), 'VP8');
  assert.equal(videoCodecOfMimeType('video/h264'), 'H264');
  assert.equal(videoCodecOfMimeType('audio/opus'), null);
});
