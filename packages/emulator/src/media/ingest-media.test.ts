import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IngestMedia } from './ingest-media.js';
import type { MediaKind, NegotiatedCodec } from './publisher-peer.js';

function codec(kind: MediaKind, name: string, payloadType: number): NegotiatedCodec {
  return {
    kind,
    name,
    payloadType,
    clockRate: kind === 'audio' ? 48000 : 90000,
    channels: undefined,
    parameters: undefined,
    werift: undefined as never,
  };
}

const opus = codec('audio', 'OPUS', 111);
const h264 = codec('video', 'H264', 102);
const vp8 = codec('video', 'VP8', 96);
const accepted = [opus, h264, vp8];
const lookUp = (kind: MediaKind, payloadType: number) => accepted.find((each) => each.kind === kind && each.payloadType === payloadType);

describe('IngestMedia', () => {
  test('packets of the codecs ffmpeg was told of are forwarded', () => {
    const media = new IngestMedia([opus, h264], lookUp);
    assert.deepEqual(media.observe('audio', 111), { action: 'forward', codec: opus });
    assert.deepEqual(media.observe('video', 102), { action: 'forward', codec: h264 });
    assert.equal(media.leaveOutSilentKinds(), undefined, 'every kind sends');
    assert.deepEqual(media.inputCodecs(), [opus, h264]);
  });

  test('another codec of the answer: ffmpeg is started again for it', () => {
    const media = new IngestMedia([opus, h264], lookUp);
    const verdict = media.observe('video', 96);
    assert.equal(verdict.action, 'restart');
    assert.deepEqual(media.inputCodecs(), [opus, vp8]);
    assert.deepEqual(media.observe('video', 96), { action: 'forward', codec: vp8 });
  });

  test('a payload type never negotiated, or a kind never negotiated, is dropped', () => {
    const media = new IngestMedia([opus, h264], lookUp);
    assert.deepEqual(media.observe('video', 127), { action: 'drop' });
    assert.deepEqual(new IngestMedia([opus], lookUp).observe('video', 102), { action: 'drop' });
    assert.deepEqual(media.inputCodecs(), [opus, h264]);
  });

  test('a kind that never sends is left out, and comes back when it does', () => {
    const media = new IngestMedia([opus, h264], lookUp);
    media.observe('audio', 111);
    assert.match(media.leaveOutSilentKinds()!, /sends no video/);
    assert.deepEqual(media.inputCodecs(), [opus]);
    assert.equal(media.leaveOutSilentKinds(), undefined, 'said once');
    assert.equal(media.observe('video', 102).action, 'restart');
    assert.deepEqual(media.inputCodecs(), [opus, h264]);
  });

  test('nothing is left out before anything arrived', () => {
    const media = new IngestMedia([opus, h264], lookUp);
    assert.equal(media.leaveOutSilentKinds(), undefined);
    assert.deepEqual(media.inputCodecs(), [opus, h264]);
  });
});
