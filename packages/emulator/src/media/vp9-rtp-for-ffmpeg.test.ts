import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { vp9PacketForFfmpeg } from './vp9-rtp-for-ffmpeg.js';

/** An RTP header: version 2, payload type 98, marker as given, optionally a CSRC and a one-word extension. */
function rtpHeader(options: { marker?: boolean; csrc?: boolean; extension?: boolean; padding?: boolean } = {}): Buffer {
  const first = 0x80 | (options.padding ? 0x20 : 0) | (options.extension ? 0x10 : 0) | (options.csrc ? 1 : 0);
  const parts = [Buffer.from([first, (options.marker ? 0x80 : 0) | 98, 0x12, 0x34, 0, 0, 0x0b, 0xb8, 0xca, 0xfe, 0xba, 0xbe])];
  if (options.csrc) parts.push(Buffer.from([1, 2, 3, 4]));
  if (options.extension) parts.push(Buffer.from([0xbe, 0xde, 0x00, 0x01, 0x10, 0xaa, 0x00, 0x00]));
  return Buffer.concat(parts);
}

const frame = Buffer.from([0x86, 0x00, 0x40, 0x92, 0x88]);

describe('vp9PacketForFfmpeg', () => {
  test('an inter frame in flexible mode (what Chrome sends) loses its picture ID and P_DIFF', () => {
    // I P F B, 15-bit picture ID, one P_DIFF (N = 0)
    const header = rtpHeader();
    const packet = Buffer.concat([header, Buffer.from([0xd8, 0xf0, 0xd4, 0x02]), frame]);
    assert.deepEqual(vp9PacketForFfmpeg(packet), Buffer.concat([header, Buffer.from([0x08]), frame]));
  });

  test('several P_DIFFs are all skipped (N bit)', () => {
    const header = rtpHeader({ marker: true });
    const packet = Buffer.concat([header, Buffer.from([0xdc, 0x05, 0x03, 0x05, 0x06]), frame]);
    assert.deepEqual(vp9PacketForFfmpeg(packet), Buffer.concat([header, Buffer.from([0x0c]), frame]));
  });

  test('a keyframe with a scalability structure (sizes and a picture group) keeps only B and frame data', () => {
    const header = rtpHeader({ csrc: true, extension: true });
    // I F B V; picture ID 0x7f (7 bits); SS: N_S=0, Y, G; 640x480; N_G=2: (T=0,U=0,R=1 + P_DIFF), (R=0)
    const structure = [0x18, 0x02, 0x80, 0x01, 0xe0, 0x02, 0x04, 0x01, 0x00];
    const packet = Buffer.concat([header, Buffer.from([0x9a, 0x7f, ...structure]), frame]);
    assert.deepEqual(vp9PacketForFfmpeg(packet), Buffer.concat([header, Buffer.from([0x08]), frame]));
  });

  test('non-flexible mode: layer indices and TL0PICIDX are skipped', () => {
    const header = rtpHeader();
    // I P L B E; picture ID; layer byte; TL0PICIDX
    const packet = Buffer.concat([header, Buffer.from([0xec, 0x81, 0x00, 0x20, 0x07]), frame]);
    assert.deepEqual(vp9PacketForFfmpeg(packet), Buffer.concat([header, Buffer.from([0x0c]), frame]));
  });

  test('a middle packet keeps neither B nor E, and padding is dropped', () => {
    const header = rtpHeader({ padding: true });
    const packet = Buffer.concat([header, Buffer.from([0xd0, 0xf0, 0xd4, 0x02]), frame, Buffer.from([0, 0, 3])]);
    const expected = Buffer.concat([rtpHeader(), Buffer.from([0x00]), frame]);
    assert.deepEqual(vp9PacketForFfmpeg(packet), expected);
  });

  test('packets that cannot be read give undefined', () => {
    assert.equal(vp9PacketForFfmpeg(Buffer.from([0x80, 98, 0, 1])), undefined, 'shorter than an RTP header');
    assert.equal(vp9PacketForFfmpeg(rtpHeader()), undefined, 'no payload');
    assert.equal(vp9PacketForFfmpeg(Buffer.concat([rtpHeader(), Buffer.from([0xd8, 0xf0])])), undefined, 'truncated picture ID');
    assert.equal(
      vp9PacketForFfmpeg(Buffer.concat([rtpHeader(), Buffer.from([0xd8, 0x70, 0x03])])),
      undefined,
      'P_DIFF says more follow, none does',
    );
    assert.equal(vp9PacketForFfmpeg(Buffer.concat([rtpHeader(), Buffer.from([0x88, 0x10])])), undefined, 'descriptor with no frame data');
    const rtpVersion1 = Buffer.concat([rtpHeader(), Buffer.from([0x08]), frame]);
    rtpVersion1[0] = 0x40;
    assert.equal(vp9PacketForFfmpeg(rtpVersion1), undefined, 'not RTP version 2');
  });
});
