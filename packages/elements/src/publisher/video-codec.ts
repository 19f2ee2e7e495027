import type { PublisherVideoCodec } from './publisher-types.js';

/**
 * The codecs the publisher may send, best first. The requested `video-codec` wins when the
 * browser can send it; otherwise the first of these the browser can send is used.
 * - H264: ImageFlux's HLS is H.264, so the service transcodes it with the least work and the
 *   official samples use it; most devices encode it in hardware.
 * - VP8: mandatory in every WebRTC browser (RFC 7742) and the cheapest to encode in software:
 *   what Firefox without the OpenH264 plug-in (Debian's ESR, offline installs) can always send.
 * - VP9: better pictures per bit than VP8 but several times its CPU to encode in software,
 *   which a laptop broadcasting a camera feels first.
 * - AV1: the most CPU of all and the least hardware; the emulator (ffmpeg 5.1) refuses it.
 */
export const videoCodecOrder: readonly PublisherVideoCodec[] = ['H264', 'VP8', 'VP9', 'AV1'];

/** What `RTCRtpSender.getCapabilities('video')` answers, as far as it is read here. */
export interface CodecCapabilities {
  codecs: readonly { mimeType: string }[];
}

/**
 * The codecs of `videoCodecOrder` that `capabilities` lists (mime types such as `video/H264`,
 * compared without case), in that order. Null when the browser does not say (no
 * `getCapabilities`): nothing can be ruled out then.
 */
export function sendableVideoCodecs(capabilities: CodecCapabilities | null | undefined): PublisherVideoCodec[] | null {
  if (!capabilities) return null;
  const listed = new Set(capabilities.codecs.map((codec) => codec.mimeType.toUpperCase()));
  return videoCodecOrder.filter((codec) => listed.has(`VIDEO/${codec}`));
}

/**
 * `vp8`, `Vp9`, `h264` → `VP8`, `VP9`, `H264`: a codec of `videoCodecOrder` in any case, as HTML
 * compares enumerated attributes. Null for anything else (`vp10`, `theora`, `''`, `H265`, a non-string).
 */
export function videoCodecNamed(value: unknown): PublisherVideoCodec | null {
  return typeof value === 'string' ? (videoCodecOrder.find((codec) => codec === value.toUpperCase()) ?? null) : null;
}

/**
 * Lit's converter for the `video-codec` attribute: a codec in any case gives its canonical name;
 * an unknown value is kept as written, so that `start()` can refuse it by name
 * (`invalid-video-codec`); removing the attribute gives the default, H264.
 */
export const videoCodecAttribute = {
  fromAttribute: (value: string | null): PublisherVideoCodec =>
    value === null ? 'H264' : (videoCodecNamed(value) ?? (value as PublisherVideoCodec)),
};

/**
 * The codec to ask the server for: `requested` when the browser can send it, else the best the
 * browser can send. Null when it can send none of them.
 */
export function chooseVideoCodec(
  requested: PublisherVideoCodec,
  sendable: readonly PublisherVideoCodec[] | null,
): PublisherVideoCodec | null {
  if (sendable === null || sendable.includes(requested)) return requested;
  return videoCodecOrder.find((codec) => sendable.includes(codec)) ?? null;
}

/** `video/VP8` → `VP8`; null for anything not in `videoCodecOrder`. */
export function videoCodecOfMimeType(mimeType: string): PublisherVideoCodec | null {
  return videoCodecOrder.find((codec) => `VIDEO/${codec}` === mimeType.toUpperCase()) ?? null;
}
