/**
 * Where `<ifls-publisher>` is in its life:
 * - `idle`: no camera open, not connected;
 * - `previewing`: the camera shows in the element, nothing is sent;
 * - `connecting`: going live (camera opening, signaling and WebRTC, then the check that media leaves);
 * - `live`: media flows to the service: every track is seen leaving the browser (`getStats`);
 * - `reconnecting`: the connection was lost and the element is trying again by itself;
 * - `ended`: the broadcast ended (`stop()`, or the server ended it, e.g. the channel was deleted);
 * - `error`: it stopped on an error; `error` says which.
 */
export type PublisherState = 'idle' | 'previewing' | 'connecting' | 'live' | 'reconnecting' | 'ended' | 'error';

/**
 * What went wrong, as `IflsErrorEvent.code` and `error.code`:
 * - `permission-denied`: the user or the page's permissions policy refused the camera or microphone;
 * - `no-device`: there is no camera or microphone;
 * - `device-in-use`: the device exists but could not be started (another application holds it);
 * - `insecure-context`: the page is not https (or localhost): the browser offers no camera, and the
 *   element opens nothing and sends nothing;
 * - `overconstrained`: no device satisfies the constraints (an unknown `camera-id`, a size it cannot give);
 * - `signaling-rejected`: the server refused the connection (auth webhook, unknown channel…); `reason` is the server's;
 * - `connection-failed`: the server could not be reached, or the connection could not be (re)established in time;
 * - `no-channel`: `start()` without `sora-url` and `channel-id` (or `channel`);
 * - `unsupported`: the browser has no WebRTC (`RTCPeerConnection`), or no camera access
 *   (`getUserMedia`) while the element needs one; found before any network traffic;
 * - `codec-unsupported`: the browser and the server have no codec in common: the browser can send
 *   none of the video codecs, the server refused the one asked for (`reason` is the server's), or
 *   negotiation left the video or audio out; `error.codec` names the codec;
 * - `media-not-flowing`: connected, but the video or audio was not seen leaving the browser within
 *   5 s (`getStats`);
 * - `invalid-video-codec`: `video-codec` is none of H264, VP8, VP9 and AV1 (in any case);
 *   `error.codec` is the value as set. The page's bug: found by `start()` before anything else,
 *   in every browser;
 * - `invalid-metadata`: `metadata` cannot be sent: JSON cannot write it (a cycle, a BigInt, a
 *   function), or it takes more than 64 KiB as JSON, or it nests objects and arrays more than 31
 *   levels deep (32 with the `connect` message around it): the emulator's bounds, as the service
 *   states none (metadata.ts). Found by `start()` before anything else, in every browser.
 */
export type PublisherErrorCode =
  | 'permission-denied'
  | 'no-device'
  | 'device-in-use'
  | 'insecure-context'
  | 'overconstrained'
  | 'signaling-rejected'
  | 'connection-failed'
  | 'no-channel'
  | 'unsupported'
  | 'codec-unsupported'
  | 'media-not-flowing'
  | 'invalid-video-codec'
  | 'invalid-metadata';

/** The CreateChannel answer, or the part of it a broadcaster needs. */
export interface PublisherChannel {
  channel_id: string;
  sora_url: string;
  playlist_url?: string;
}

/**
 * Video codecs a broadcaster may ask the service for (the `video-codec` attribute takes them in any
 * case). H264 is what ImageFlux transcodes most cheaply; when the browser cannot send the one asked
 * for, the element falls back in the order of `videoCodecOrder` (video-codec.ts). The emulator
 * makes H.264 HLS of H264, VP8 and VP9, and refuses AV1 (`codec-unsupported`).
 */
export type PublisherVideoCodec = 'H264' | 'VP8' | 'VP9' | 'AV1';
