/**
 * Where `<ifls-player>` is, reflected as its `state` attribute:
 * - `idle`: no `src` (or `channel`), or not in a document;
 * - `waiting`: the broadcast has not started (the playlist answers 404); it starts by itself;
 * - `loading`: fetching or buffering, before the first frame or after a stall;
 * - `playing`: frames are moving;
 * - `paused`: paused by the viewer, or ready and waiting for a first play (no `autoplay`, or
 *   autoplay refused by the browser);
 * - `reconnecting`: the network failed; it tries again by itself;
 * - `ended`: the broadcast is over (`EXT-X-ENDLIST`, the playlist deleted, or unchanged for long);
 * - `error`: it cannot play; `ifls-error` said why.
 *
 * With several renditions, "not started", "on the air" and "over" are read from the first
 * rendition's media playlist: the multivariant playlist never ends and never changes.
 */
export type PlayerState = 'idle' | 'waiting' | 'loading' | 'playing' | 'paused' | 'reconnecting' | 'ended' | 'error';

/**
 * `IflsErrorEvent.code` of the player:
 * - `not-found`: the playlist answers 404 or 403; the player waits for the broadcast (recoverable);
 * - `network`: the playlist or its media could not be loaded; recoverable while the player retries;
 * - `media`: the stream could not be decoded, even after recovery;
 * - `unsupported`: this browser has neither Media Source Extensions nor HLS of its own;
 * - `autoplay-blocked`: the browser refused to autoplay with sound (recoverable: the player plays
 *   muted and offers to unmute) or at all (not recoverable: the viewer has to press play).
 */
export type PlayerErrorCode = 'not-found' | 'network' | 'media' | 'unsupported' | 'autoplay-blocked';

/** The CreateChannel answer, or the part of it a viewer needs. */
export interface PlayerChannel {
  playlist_url: string;
  channel_id?: string;
  sora_url?: string;
}

/** The figures of `ifls-stats`. */
export interface PlayerStats {
  /** Seconds behind the live edge as the player estimates it; null when unknown. */
  latency: number | null;
  /**
   * Seconds behind the live edge the player holds; null when unknown. The start offset's distance
   * (`requestedLatency`) while the network carries it; more after stalls, or when segments take
   * longer to arrive than that distance allows; back towards it as the network recovers.
   */
  targetLatency: number | null;
  /** Seconds behind the live edge the start offset asks for; null when unknown. */
  requestedLatency: number | null;
  /** Wall-clock time (ms since the epoch) of the frame shown, from `EXT-X-PROGRAM-DATE-TIME`; null without it. */
  programDateTime: number | null;
  /** Declared bitrate of the rendition playing, in bits per second; null when unknown. */
  bitrate: number | null;
  /** Estimated download bandwidth, in bits per second; null when unknown. */
  bandwidthEstimate: number | null;
  /** Seconds of media buffered ahead of the playhead. */
  buffer: number;
  /** How many times playback stopped for lack of media since this broadcast started playing. */
  stalls: number;
  droppedFrames: number;
  width: number;
  height: number;
  playbackRate: number;
}
