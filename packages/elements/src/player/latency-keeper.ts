import { bufferAhead } from './buffer-ahead.js';

/** Playback rates the keeper stays within: slower than 0.95 or faster than 1.1 starts to be heard. */
const SLOWEST = 0.95;
const FASTEST = 1.1;
/** Latency this close to the target (seconds) needs no correction. */
const DEADBAND = 0.05;
/** Rate change per second of latency error. */
const GAIN = 0.25;
/** Speeding up with less than this buffered (seconds) would risk a stall. */
const MIN_BUFFER_TO_SPEED_UP = 0.5;

/** What the keeper reads: seconds behind the live edge, and how far behind to be. */
export interface LatencySource {
  readonly latency: number | null;
  readonly targetLatency: number | null;
}

/**
 * Holds playback at its target latency by nudging the playback rate both ways: up to 1.1× when
 * behind, down to 0.95× when ahead. hls.js's own catch-up only ever speeds up, so a start that
 * lands closer to the edge than asked (the edge estimate sharpens in the first seconds) would stay
 * too close for good. Far off the target (more than `range` seconds), the rate stays 1: that is a
 * jump's job (hls.js's `liveMaxLatencyDuration`, or "go live").
 */
export class LatencyKeeper {
  constructor(
    private readonly video: HTMLVideoElement,
    private readonly source: LatencySource,
    private readonly range: () => number,
  ) {
    video.addEventListener('timeupdate', this.onTimeUpdate);
  }

  destroy(): void {
    this.video.removeEventListener('timeupdate', this.onTimeUpdate);
    this.video.playbackRate = 1;
  }

  private readonly onTimeUpdate = () => {
    const { latency, targetLatency } = this.source;
    const video = this.video;
    if (latency === null || targetLatency === null || video.paused || video.seeking) return;
    const error = latency - targetLatency;
    let rate = 1;
    if (Math.abs(error) > DEADBAND && Math.abs(error) < this.range()) {
      rate = Math.min(FASTEST, Math.max(SLOWEST, Math.round((1 + error * GAIN) * 100) / 100));
    }
    if (rate > 1 && bufferAhead(video) < MIN_BUFFER_TO_SPEED_UP) rate = 1;
    if (video.playbackRate !== rate) video.playbackRate = rate;
  };
}
