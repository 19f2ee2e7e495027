import type { EngineEvents, EngineOptions, PlaybackEngine, Quality } from './playback-engine.js';
import { playlistStartOffset } from './start-offset-loader.js';
import { probePlaylist, type PlaylistProbe } from './stream-waiter.js';

/** Stalled this long (ms), the video has the playlist looked at: the browser may be waiting for a stream that is gone. */
const STALL_LOOK_MS = 2000;
/** Media errors per minute that loading the playlist again may fix; one more fails for good. */
const MAX_RELOADS_PER_MINUTE = 4;
/** The first reload after a media error waits this long (ms); each further one twice as long. */
const FIRST_RELOAD_DELAY_MS = 1000;

/**
 * The browser's own HLS (Safari, iOS; Chromium's too), where the video element loads the playlist
 * itself. The distance to hold is the page's `start-time-offset`, else the playlist's `EXT-X-START`
 * (read from the look that found the broadcast), as with hls.js: the latency readout, the live
 * badge and "go live" aim there, and a seek applies it once the metadata is in. Latency is measured
 * from the end of the seekable range; where a browser gives none for a live stream (Chromium: it
 * starts at the oldest segment listed and ignores seeks), the latency is unknown. The playback rate
 * is left alone: Chromium's HLS fails on any rate but 1. The video reports failures only as a
 * `MediaError`, or not at all (Chromium stalls for good when the playlist answers 404 or nothing),
 * so on an error or a stall the playlist is looked at to tell an ended broadcast from a lost
 * network; `retry()` loads the playlist again. A media error on a stream still live is met by
 * loading it again after a growing delay, a few times a minute at most, as hls.js's
 * `recoverMediaError` would: Chromium's HLS fails on a gap in the media, which happens after an
 * outage and in the first segments of a broadcast.
 */
export class NativeEngine implements PlaybackEngine {
  readonly bitrate = null;
  readonly bandwidthEstimate = null;
  readonly qualities: readonly Quality[] = [];
  quality = -1;

  private readonly listeners = new AbortController();
  private networkDown = false;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  /** When (ms) the video was loaded again after media errors, this last minute. */
  private reloads: number[] = [];
  /** The video plays, or would but for a failure (a failing video pauses itself). */
  private playing = false;
  /** The playlist's `EXT-X-START` offset (negative); null while unknown or absent. */
  private playlistOffset: number | null = null;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly options: EngineOptions,
    private readonly events: EngineEvents,
  ) {
    const signal = this.listeners.signal;
    video.addEventListener('loadedmetadata', () => this.seekToStartOffset(), { signal });
    video.addEventListener('error', () => void this.onError(), { signal });
    video.addEventListener('playing', () => this.onPlaying(), { signal });
    video.addEventListener('waiting', () => this.onWaiting(), { signal });
    video.addEventListener('play', () => (this.playing = true), { signal });
    // A failing video pauses itself: that is no pause of the viewer's.
    video.addEventListener(
      'pause',
      () => {
        if (!video.error) this.playing = false;
      },
      { signal },
    );
    video.src = options.url;
    if (options.startTimeOffset === undefined && options.firstLook) void this.readStartOffset(options.firstLook.playlist);
  }

  get latency(): number | null {
    const edge = this.liveEdge;
    return edge === null ? null : edge - this.video.currentTime;
  }

  get targetLatency(): number | null {
    const offset = this.options.startTimeOffset ?? this.playlistOffset;
    return offset !== null && offset < 0 ? -offset : null;
  }

  /** The browser's own HLS is left to hold what it can: the target is the one asked for. */
  get requestedLatency(): number | null {
    return this.targetLatency;
  }

  get liveSyncPosition(): number | null {
    const edge = this.liveEdge;
    return edge === null ? null : edge - (this.targetLatency ?? 0);
  }

  get programDateTime(): number | null {
    // Safari maps EXT-X-PROGRAM-DATE-TIME to the media timeline through getStartDate().
    const start = (this.video as { getStartDate?(): Date }).getStartDate?.().getTime();
    return start === undefined || Number.isNaN(start) ? null : start + this.video.currentTime * 1000;
  }

  retry(): void {
    this.video.src = this.options.url;
  }

  destroy(): void {
    this.listeners.abort();
    clearTimeout(this.stallTimer);
    clearTimeout(this.reloadTimer);
    this.video.removeAttribute('src');
    this.video.load();
  }

  private get liveEdge(): number | null {
    const { seekable, duration } = this.video;
    return duration === Infinity && seekable.length > 0 ? seekable.end(seekable.length - 1) : null;
  }

  /**
   * `EXT-X-START` of the playlist, or of its first rendition when a multivariant playlist has none
   * (where hls.js looks too).
   */
  private async readStartOffset(playlist: string): Promise<void> {
    this.playlistOffset = playlistStartOffset(playlist);
    const variant = /^#EXT-X-STREAM-INF:.*\r?\n\s*([^#\s].*)$/m.exec(playlist)?.[1];
    if (this.playlistOffset !== null || variant === undefined) return;
    try {
      const url = new URL(variant, new URL(this.options.url, document.baseURI));
      const response = await fetch(url, { cache: 'no-store', signal: this.listeners.signal });
      if (response.ok) this.playlistOffset = playlistStartOffset(await response.text());
    } catch {
      return; // destroyed, or offline: the target stays unknown, as it would without EXT-X-START
    }
    // The metadata came first: apply the start offset now.
    if (this.video.readyState >= HTMLMediaElement.HAVE_METADATA) this.seekToStartOffset();
  }

  private seekToStartOffset(): void {
    const position = this.liveSyncPosition;
    if (this.targetLatency !== null && position !== null) this.video.currentTime = position;
  }

  private onPlaying(): void {
    clearTimeout(this.stallTimer);
    if (!this.networkDown) return;
    this.networkDown = false;
    this.events.networkRestored();
  }

  private onWaiting(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = setTimeout(() => void this.onStall(), STALL_LOOK_MS);
  }

  /** Still stalled: a playlist gone or unreachable says why; a live one, that waiting may do. */
  private async onStall(): Promise<void> {
    const video = this.video;
    if (video.paused || video.error || video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA || this.networkDown) return;
    const probe = await this.look();
    if (!probe || video.error || this.networkDown || video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA) return;
    if (isOver(probe)) {
      this.events.streamEnded();
    } else if (probe.kind === 'unreachable') {
      this.networkDown = true;
      this.events.networkLost(probe.cause);
    } else {
      this.onWaiting();
    }
  }

  private async onError(): Promise<void> {
    const error = this.video.error;
    const probe = await this.look();
    if (!probe) return;
    const now = performance.now();
    this.reloads = this.reloads.filter((time) => now - time < 60_000);
    if (isOver(probe)) {
      this.events.streamEnded();
    } else if (probe.kind === 'unreachable' || error?.code === MediaError.MEDIA_ERR_NETWORK || this.networkDown) {
      // The player's retry() loads the playlist again, with a growing delay.
      this.networkDown = true;
      this.events.networkLost(error);
    } else if (this.reloads.length < MAX_RELOADS_PER_MINUTE) {
      const delay = FIRST_RELOAD_DELAY_MS * 2 ** this.reloads.length;
      this.reloads.push(now);
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => {
        this.video.src = this.options.url;
        if (this.playing) this.video.play().catch(() => {});
      }, delay);
    } else {
      this.events.mediaFailed(error);
    }
  }

  /** One look at the playlist; undefined once destroyed. */
  private async look(): Promise<PlaylistProbe | undefined> {
    try {
      return await probePlaylist(this.options.url, this.listeners.signal);
    } catch {
      return undefined;
    }
  }
}

function isOver(probe: PlaylistProbe): boolean {
  return probe.kind === 'not-found' || probe.kind === 'gone' || probe.kind === 'ended';
}
