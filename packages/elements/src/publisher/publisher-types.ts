/**
 * Where `<ifls-publisher>` is in its life:
 * - `idle`: no camera open, not connected;
 * - `previewing`: the camera shows in the element, nothing is sent;
 * - `connecting`: going live (camera opening, then signaling and WebRTC);
 * - `live`: media flows to the service;
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
 * - `insecure-context`: the page is not https (or localhost), so the browser offers no camera;
 * - `overconstrained`: no device satisfies the constraints (an unknown `camera-id`, a size it cannot give);
 * - `signaling-rejected`: the server refused the connection (auth webhook, unknown channel…); `reason` is the server's;
 * - `connection-failed`: the server could not be reached, or the connection could not be (re)established in time;
 * - `no-channel`: `start()` without `sora-url` and `channel-id` (or `channel`).
 */
export type PublisherErrorCode =
  | 'permission-denied'
  | 'no-device'
  | 'device-in-use'
  | 'insecure-context'
  | 'overconstrained'
  | 'signaling-rejected'
  | 'connection-failed'
  | 'no-channel';

/** The CreateChannel answer, or the part of it a broadcaster needs. */
export interface PublisherChannel {
  channel_id: string;
  sora_url: string;
  playlist_url?: string;
}

/** Video codecs a broadcaster may ask the service for. H264 is what ImageFlux transcodes most cheaply. */
export type PublisherVideoCodec = 'H264' | 'VP8' | 'VP9' | 'AV1';
