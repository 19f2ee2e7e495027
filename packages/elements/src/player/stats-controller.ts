import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { bufferAhead } from './buffer-ahead.js';
import type { PlaybackSession } from './playback-session.js';
import type { PlayerStats } from './player-types.js';

const SAMPLE_INTERVAL_MS = 1000;

/**
 * Samples the playback once a second while an engine runs (and as soon as the first frame
 * plays): keeps the figures for the latency readout and the live badge, and hands each sample to
 * `report` (the element fires `ifls-stats`). It follows the session's reports, not the renders.
 */
export class StatsController implements ReactiveController {
  /** The latest figures; null while nothing plays. */
  stats: PlayerStats | null = null;

  private timer: ReturnType<typeof setInterval> | undefined;
  private stalls = 0;
  private started = false;
  private listening = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly playback: PlaybackSession,
    private readonly video: () => HTMLVideoElement,
    private readonly report: (stats: PlayerStats) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.reset();
  }

  /** Samples while an engine runs in a connected element; the element calls it whenever the session reports. */
  follow(): void {
    const running = this.playback.engine !== null && this.host.isConnected;
    if (running && this.timer === undefined) {
      if (!this.listening) this.listen();
      this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
    } else if (!running && this.timer !== undefined) {
      this.reset();
    }
  }

  private reset(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stats = null;
    this.stalls = 0;
    this.started = false;
  }

  private listen(): void {
    this.listening = true;
    const video = this.video();
    video.addEventListener('playing', () => {
      if (this.started) return;
      this.started = true;
      this.sample();
    });
    video.addEventListener('waiting', () => {
      // A seek (go live) waits for data too, but that is not the stream failing to keep up.
      if (this.started && !video.seeking) this.stalls += 1;
    });
  }

  private sample(): void {
    const engine = this.playback.engine;
    if (!engine) return;
    const video = this.video();
    this.stats = {
      latency: round(engine.latency),
      targetLatency: round(engine.targetLatency),
      requestedLatency: round(engine.requestedLatency),
      programDateTime: engine.programDateTime,
      bitrate: engine.bitrate,
      bandwidthEstimate: engine.bandwidthEstimate,
      buffer: round(bufferAhead(video))!,
      stalls: this.stalls,
      droppedFrames: video.getVideoPlaybackQuality().droppedVideoFrames,
      width: video.videoWidth,
      height: video.videoHeight,
      playbackRate: video.playbackRate,
    };
    this.host.requestUpdate();
    this.report(this.stats);
  }
}

/** Milliseconds are noise in these figures; three decimals keep them readable. */
function round(seconds: number | null): number | null {
  return seconds === null ? null : Math.round(seconds * 1000) / 1000;
}
