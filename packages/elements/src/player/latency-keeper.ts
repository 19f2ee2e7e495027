import { bufferAhead } from './buffer-ahead.js';

/** Playback rates the keeper stays within: slower than 0.95 or faster than 1.1 starts to be heard. */
const SLOWEST = 0.95;
const FASTEST = 1.1;
/**
 * Latency this close to the target (seconds) needs no correction by rate; once one has begun, it
 * goes on until the latency reaches the target, so that playback holds the target itself, not the
 * edge of this band it came in by (a start lands behind the target: that would be 50 ms more for good).
 */
const DEADBAND = 0.05;
/** The smallest rate change the keeper makes: closer to 1, the correction would take too long. */
const MIN_CHANGE = 0.01;
/** Rate change per second of latency error. */
const GAIN = 0.25;
/** Speeding up with less than this buffered (seconds) would risk a stall. */
const MIN_BUFFER_TO_SPEED_UP = 0.5;
/**
 * While the network is out, playback slows so that what is buffered lasts this long (seconds):
 * a phone between cells or in a tunnel is back within a few seconds, and slower pictures for that
 * long beat a frozen one. Never slower than `OUTAGE_SLOWEST` (below half speed, speech is hard to follow).
 */
const OUTAGE_COVER = 3;
const OUTAGE_SLOWEST = 0.5;
/** Steering by seeks: latency this close to the target (seconds) needs no jump; a smaller one would not be seen as one. */
const SEEK_DEADBAND = 0.1;
/** Steering by seeks: jumps are at least this far apart (ms), so the edge estimate can settle between them. */
const SEEK_INTERVAL_MS = 2000;
/** Steering by seeks: a jump forward stops this short (seconds) of the end of the buffer. */
const SEEK_BUFFER_MARGIN = 0.2;

/** What the keeper reads: seconds behind the live edge, how far behind to be, and whether media can be fetched now. */
export interface LatencySource {
  readonly latency: number | null;
  readonly targetLatency: number | null;
  readonly outage: boolean;
}

/**
 * How the keeper moves playback towards its target: by playback rate, smoothly; or by small
 * jumps where a rate change stops playback. That is WebKit on Linux (WebKitGTK, WPE), which plays
 * through GStreamer: there every `playbackRate` change is a flushing seek of the pipeline, and with
 * Media Source Extensions the element then pauses itself for good, a fraction of a second later
 * (WebKitGTK 2.50; the `pause` event comes with nobody having asked). Seeks within the buffer work there.
 */
export type Steering = 'rate' | 'seek';

export function steeringFor({ vendor, platform }: Pick<Navigator, 'vendor' | 'platform'>): Steering {
  return /^Apple/.test(vendor) && /Linux|BSD/.test(platform) ? 'seek' : 'rate';
}

/**
 * Holds playback at its target latency, both ways. By rate (most engines): up to 1.1× when
 * behind, down to 0.95× when ahead; hls.js's own catch-up only ever speeds up, so a start that
 * lands closer to the edge than asked (the edge estimate sharpens in the first seconds) would stay
 * too close for good. By seeks (where rate changes stop playback, see `Steering`): a jump by the
 * error once it exceeds 0.1 s, at most every 2 s. Far off the target (more than `range` seconds),
 * nothing: that is a jump's job (hls.js's `liveMaxLatencyDuration`, or "go live"). While the
 * network is out (by rate only), slower, down to half speed, so that the buffer outlasts a short outage.
 */
export class LatencyKeeper {
  /**
   * Steering by seeks: when the latest jump was made. Undefined until playback moves; the first
   * jump then waits as long as between two, since the edge estimate is still settling (its first
   * seconds can be a tenth of a second off, which a rate correction barely acts on but a jump would).
   */
  private lastSeek: number | undefined;
  /** The direction of the rate correction under way: 1 catching up, -1 falling back, 0 none. */
  private correcting = 0;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly source: LatencySource,
    private readonly range: () => number,
    private readonly steering: Steering = steeringFor(navigator),
  ) {
    video.addEventListener('timeupdate', this.onTimeUpdate);
  }

  /** How slow playback runs at the slowest while the network is out: where rate changes stop playback, not slower at all. */
  get outageRate(): number {
    return this.steering === 'rate' ? OUTAGE_SLOWEST : 1;
  }

  destroy(): void {
    this.video.removeEventListener('timeupdate', this.onTimeUpdate);
    if (this.video.playbackRate !== 1) this.video.playbackRate = 1;
  }

  private readonly onTimeUpdate = () => {
    const { latency, targetLatency } = this.source;
    const video = this.video;
    if (latency === null || targetLatency === null || video.paused || video.seeking) return;
    const error = latency - targetLatency;
    if (this.steering === 'seek') return this.jump(error);
    if (this.source.outage) return this.stretch();
    if (Math.abs(error) >= this.range()) this.correcting = 0;
    else if (Math.abs(error) > DEADBAND) this.correcting = Math.sign(error);
    else if (Math.sign(error) !== this.correcting) this.correcting = 0;
    let rate = 1;
    if (this.correcting !== 0) {
      const change = this.correcting * Math.max(MIN_CHANGE, Math.abs(error) * GAIN);
      rate = Math.min(FASTEST, Math.max(SLOWEST, Math.round((1 + change) * 100) / 100));
    }
    if (rate > 1 && bufferAhead(video) < MIN_BUFFER_TO_SPEED_UP) rate = 1;
    if (video.playbackRate !== rate) video.playbackRate = rate;
  };

  /**
   * Plays slower while nothing can be fetched, so that the buffer lasts `OUTAGE_COVER` seconds:
   * the latency grows smoothly by what the outage costs instead of playback freezing for it. (The
   * LatencyTarget then grows by what the next outage as long would need, and the correction by
   * rate starts afresh towards it.)
   */
  private stretch(): void {
    this.correcting = 0;
    const rate = Math.min(1, Math.max(OUTAGE_SLOWEST, Math.floor((bufferAhead(this.video) / OUTAGE_COVER) * 100) / 100));
    if (this.video.playbackRate !== rate) this.video.playbackRate = rate;
  }

  /** Moves the playhead by `error` seconds (forward when behind), within what is buffered. */
  private jump(error: number): void {
    const now = performance.now();
    this.lastSeek ??= now;
    if (Math.abs(error) <= SEEK_DEADBAND || Math.abs(error) >= this.range() || now - this.lastSeek < SEEK_INTERVAL_MS) return;
    const video = this.video;
    const position = video.currentTime + error;
    const { buffered } = video;
    for (let range = 0; range < buffered.length; range++) {
      if (buffered.start(range) <= position && position <= buffered.end(range) - SEEK_BUFFER_MARGIN) {
        this.lastSeek = now;
        video.currentTime = position;
        return;
      }
    }
  }
}
