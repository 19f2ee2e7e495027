/**
 * werift settings every peer connection of the emulator shares. werift's defaults suit the
 * public internet, not one machine: no outside STUN, loopback added to the host candidates,
 * and one bundled transport like Sora.
 */
import { RTCPeerConnection, useH264, useOPUS, useVP8, useVP9, type RTCRtpCodecParameters } from 'werift';
import type { PublishableVideoCodec } from './connect-message.js';

export function createPeerConnection(codecs: { audio: RTCRtpCodecParameters[]; video: RTCRtpCodecParameters[] }): RTCPeerConnection {
  return new RTCPeerConnection({
    iceServers: [],
    bundlePolicy: 'max-bundle',
    iceAdditionalHostAddresses: ['127.0.0.1'],
    codecs,
  });
}

/**
 * What a broadcaster is offered: Opus, and the video codec it asked for (Sora offers only that
 * one) or every codec ffmpeg can read, H.264 first because HLS is H.264 and decoding it is cheapest.
 * AV1 is left out although werift has it: ffmpeg 5.1 cannot depacketize AV1 from RTP.
 */
export function broadcasterCodecs(videoCodec: PublishableVideoCodec | undefined): {
  audio: RTCRtpCodecParameters[];
  video: RTCRtpCodecParameters[];
} {
  const byName: Record<PublishableVideoCodec, () => RTCRtpCodecParameters> = {
    H264: () => useH264(),
    VP8: () => useVP8(),
    VP9: () => useVP9(),
  };
  const video = videoCodec ? [byName[videoCodec]()] : [useH264(), useVP8(), useVP9()];
  return { audio: [useOPUS()], video };
}
