/**
 * VP9 over RTP the way ffmpeg reads it. ffmpeg 5.1 (and the 4.x of `@ffmpeg-installer/ffmpeg`)
 * depacketizes VP9 by draft 02 of the payload format, not RFC 9628: it skips neither the P_DIFF
 * bytes of flexible mode nor the TL0PICIDX byte. Chrome sends flexible mode, so every inter frame
 * reached ffmpeg's decoder with a stray byte in front ("Invalid frame marker"), only keyframes
 * decoded, and the HLS picture froze between them.
 *
 * This rewrites each packet's payload descriptor to the one byte that every version reads alike:
 * B (first packet of a frame) and E (last packet of a frame), and nothing else. ffmpeg needs
 * nothing more to put frames together; the picture IDs and the scalability structure are for
 * loss recovery and layer switching, which a loopback hop to one decoder does not need.
 */

const RTP_HEADER_BYTES = 12;

// RFC 9628 §4.2, first octet of the payload descriptor
const PICTURE_ID = 0x80;
const INTER_PICTURE = 0x40;
const LAYER_INDICES = 0x20;
const FLEXIBLE_MODE = 0x10;
const START_OF_FRAME = 0x08;
const END_OF_FRAME = 0x04;
const SCALABILITY_STRUCTURE = 0x02;
/** At most three P_DIFF octets follow in flexible mode (RFC 9628 §4.2). */
const MAX_REFERENCES = 3;

/**
 * The packet with its VP9 payload descriptor cut down to B and E, or undefined when it is not a
 * VP9 packet that can be read (too short, truncated descriptor, no payload).
 */
export function vp9PacketForFfmpeg(packet: Buffer): Buffer | undefined {
  const header = rtpHeaderLength(packet);
  if (header === undefined) return undefined;
  const paddingBytes = packet[0]! & 0x20 ? packet[packet.length - 1]! : 0;
  const end = packet.length - paddingBytes;
  const payloadStart = vp9PayloadStart(packet, header, end);
  if (payloadStart === undefined || payloadStart >= end) return undefined;

  const descriptor = packet[header]!;
  const rewritten = Buffer.allocUnsafe(header + 1 + (end - payloadStart));
  packet.copy(rewritten, 0, 0, header);
  rewritten[0] = rewritten[0]! & ~0x20; // the padding is left out
  rewritten[header] = descriptor & (START_OF_FRAME | END_OF_FRAME);
  packet.copy(rewritten, header + 1, payloadStart, end);
  return rewritten;
}

/** Length of the RTP header with its CSRCs and header extension, or undefined if it does not fit. */
function rtpHeaderLength(packet: Buffer): number | undefined {
  if (packet.length < RTP_HEADER_BYTES || packet[0]! >> 6 !== 2) return undefined;
  let length = RTP_HEADER_BYTES + 4 * (packet[0]! & 0x0f);
  if (packet[0]! & 0x10) {
    if (packet.length < length + 4) return undefined;
    length += 4 + 4 * packet.readUInt16BE(length + 2);
  }
  return length < packet.length ? length : undefined;
}

/** Where the VP9 frame data starts after the payload descriptor that starts at `offset`. */
function vp9PayloadStart(packet: Buffer, offset: number, end: number): number | undefined {
  const descriptor = packet[offset]!;
  let at = offset + 1;
  const byteAt = (position: number): number | undefined => (position < end ? packet[position] : undefined);

  if (descriptor & PICTURE_ID) {
    const first = byteAt(at);
    if (first === undefined) return undefined;
    at += first & 0x80 ? 2 : 1; // M bit: 15-bit picture ID
  }
  if (descriptor & LAYER_INDICES) {
    at += descriptor & FLEXIBLE_MODE ? 1 : 2; // non-flexible mode adds TL0PICIDX
  }
  if (descriptor & FLEXIBLE_MODE && descriptor & INTER_PICTURE) {
    for (let references = 0; references < MAX_REFERENCES; references += 1) {
      const pDiff = byteAt(at);
      if (pDiff === undefined) return undefined;
      at += 1;
      if (!(pDiff & 0x01)) break; // N bit: another P_DIFF follows
    }
  }
  if (descriptor & SCALABILITY_STRUCTURE) {
    const structure = byteAt(at);
    if (structure === undefined) return undefined;
    at += 1;
    const spatialLayers = (structure >> 5) + 1;
    if (structure & 0x10) at += 4 * spatialLayers; // Y: width and height of each layer
    if (structure & 0x08) {
      // G: a picture group description
      const pictures = byteAt(at);
      if (pictures === undefined) return undefined;
      at += 1;
      for (let picture = 0; picture < pictures; picture += 1) {
        const description = byteAt(at);
        if (description === undefined) return undefined;
        at += 1 + ((description >> 2) & 0x03); // R: that many P_DIFF octets
      }
    }
  }
  return at <= end ? at : undefined;
}
