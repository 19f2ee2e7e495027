import type { FirstSegment } from './first-segment.js';
import type { LiveLook } from './stream-waiter.js';

/**
 * What `<ifls-player>` asks of whatever puts the stream into its `<video>`: hls.js through Media
 * Source Extensions (`HlsEngine`, loaded on demand) or the browser's own HLS (`NativeEngine`).
 */

/** One rendition of a multivariant playlist, for the quality menu. */
export interface Quality {
  /** Height in pixels; 0 when the playlist does not say. */
  height: number;
  /** Peak bits per second the playlist declares. */
  bitrate: number;
}

export interface EngineOptions {
  url: string;
  /**
   * Seconds from the live edge to start at and to hold (negative), overriding the playlist's
   * `EXT-X-START`; undefined to honour the playlist.
   */
  startTimeOffset: number | undefined;
  /** URL of hls.js's `hls.worker.js`; transmuxing stays on the main thread without it. */
  workerPath: string | undefined;
  /**
   * The look at the playlist that found the broadcast: one more clue to when segments come out,
   * and the playlist hls.js need not fetch again.
   */
  firstLook: LiveLook | undefined;
  /** The segment playback starts with, fetched while the engine was (MSE only). */
  firstSegment?: FirstSegment;
}

/** How an engine tells the player what happened; nothing is called after `destroy()`. */
export interface EngineEvents {
  /** Media flows again after `networkLost`. */
  networkRestored(): void;
  /** Loading failed for a reason that may pass (no network, 5xx, timeout); the engine waits for `retry()`. */
  networkLost(cause: unknown): void;
  /** The playlist is gone (404/410) or has stopped changing: the broadcast is over. */
  streamEnded(): void;
  /** The stream cannot be played here; recovery was tried. */
  mediaFailed(cause: unknown): void;
  /** The list of qualities changed. */
  qualitiesChanged(): void;
}

export interface PlaybackEngine {
  /** Seconds behind the live edge as the engine estimates it; null before it knows. */
  readonly latency: number | null;
  /**
   * The latency the engine holds (s): the requested one, or more while the network needs more;
   * null when unknown (or not live).
   */
  readonly targetLatency: number | null;
  /** The latency the start offset asks for (s); null when unknown (or not live). */
  readonly requestedLatency: number | null;
  /** Where "go live" seeks to; null when unknown. */
  readonly liveSyncPosition: number | null;
  /** Wall-clock time (ms since the epoch) of the frame shown, from `EXT-X-PROGRAM-DATE-TIME`; null without it. */
  readonly programDateTime: number | null;
  /** Declared bitrate of the rendition playing; null when unknown. */
  readonly bitrate: number | null;
  /** Estimated download bandwidth in bits per second; null when unknown. */
  readonly bandwidthEstimate: number | null;
  readonly qualities: readonly Quality[];
  /** Index into `qualities`; -1 picks automatically. */
  quality: number;
  /** Loads again after `networkLost`. */
  retry(): void;
  /** Stops all loading and releases the MediaSource; the video is left empty. */
  destroy(): void;
}

/** How far beyond its target latency playback may fall and still count as live. */
const LIVE_TOLERANCE_SECONDS = 1.5;

/** True when playback has fallen behind the latency it should hold (after a pause, a stall). */
export function isBehindLive({ latency, targetLatency }: Pick<PlaybackEngine, 'latency' | 'targetLatency'>): boolean {
  return latency !== null && targetLatency !== null && latency > targetLatency + LIVE_TOLERANCE_SECONDS;
}
