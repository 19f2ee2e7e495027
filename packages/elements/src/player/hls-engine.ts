/**
 * hls.js behind the `PlaybackEngine` interface. This module and hls.js's light build form the
 * chunk `<ifls-player>` imports only when it plays through Media Source Extensions.
 */
import Hls from 'hls.js/dist/hls.light.mjs';
import type { ErrorData, LevelUpdatedData, ManifestLoadedData, PlaylistLoaderConstructor } from 'hls.js';
import type { EngineEvents, EngineOptions, PlaybackEngine, Quality } from './playback-engine.js';
import { LatencyKeeper } from './latency-keeper.js';
import { LiveEdgeTracker } from './live-edge-tracker.js';
import { startOffsetLoader } from './start-offset-loader.js';

const { Events, ErrorTypes, ErrorDetails } = Hls;

/** A playlist unchanged for this long (and at least ten target durations) means the broadcast stopped. */
const STALE_PLAYLIST_MS = 20_000;
/** From the first fragment buffered to the media clock running, about. */
const START_DELAY_SECONDS = 0.1;
/** Two media errors closer than this call for the stronger remedy (hls.js's recovery recipe). */
const MEDIA_ERROR_WINDOW_MS = 3000;
/** Media flows again after an outage but the video has not played for this long (ms): it is stuck. */
const STUCK_AFTER_OUTAGE_MS = 4000;

export class HlsEngine implements PlaybackEngine {
  private readonly hls: Hls;
  private readonly liveEdge: LiveEdgeTracker;
  private readonly keeper: LatencyKeeper;
  private selectedQuality = -1;
  private manifestStartOffset: number | null = null;
  private targetApplied = false;
  private startAligned = false;
  private networkDown = false;
  private stuckTimer: ReturnType<typeof setTimeout> | undefined;
  private lastAdvance = performance.now();
  private lastMediaError = -Infinity;
  private audioCodecSwapped = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly options: EngineOptions,
    private readonly events: EngineEvents,
  ) {
    const offset = options.startTimeOffset;
    this.hls = new Hls({
      // The ESM build has no inline (blob:) worker, so without a worker file transmuxing runs on
      // the main thread and a strict CSP needs nothing more.
      enableWorker: options.workerPath !== undefined,
      workerPath: options.workerPath ?? null,
      // The LatencyKeeper holds the latency, both ways; hls.js's catch-up only speeds up.
      maxLiveSyncPlaybackRate: 1,
      // Hold the latency the page asked for; hls.js would add a second per stall.
      liveSyncOnStallIncrease: 0,
      // Request the first fragment as soon as the playlist is in, even if the MediaSource is
      // still opening; otherwise a playlist that beats 'sourceopen' waits for hls.js's next tick.
      startFragPrefetch: true,
      // A live stream's duration is unknown: Infinity, with the playlist's window as the seekable
      // range. hls.js would otherwise make it the playlist's end, and WebKit (GStreamer) ends
      // playback when the playhead gets there, as it does when the network fails.
      liveDurationInfinity: true,
      backBufferLength: 10,
      capLevelToPlayerSize: true,
      // The default loader is generic over what it loads; its type just does not say so.
      pLoader:
        offset === undefined
          ? undefined
          : startOffsetLoader(Hls.DefaultConfig.loader as PlaylistLoaderConstructor, offset),
    });
    this.liveEdge = new LiveEdgeTracker(this.hls, options.firstLook);
    this.keeper = new LatencyKeeper(video, this, () => this.catchUpRange);
    this.hls.on(Events.MANIFEST_LOADED, this.onManifestLoaded);
    this.hls.on(Events.MANIFEST_PARSED, () => events.qualitiesChanged());
    this.hls.on(Events.LEVELS_UPDATED, () => events.qualitiesChanged());
    this.hls.on(Events.LEVEL_UPDATED, this.onLevelUpdated);
    this.hls.on(Events.FRAG_BUFFERED, this.onFragBuffered);
    this.hls.on(Events.ERROR, this.onError);
    this.hls.attachMedia(video);
    this.hls.loadSource(options.url);
  }

  get latency(): number | null {
    const details = this.hls.latestLevelDetails;
    if (!details?.live) return null;
    return details.edge + details.age - this.video.currentTime;
  }

  get targetLatency(): number | null {
    return this.hls.latestLevelDetails?.live ? this.hls.targetLatency : null;
  }

  get liveSyncPosition(): number | null {
    return this.hls.liveSyncPosition;
  }

  get programDateTime(): number | null {
    return this.hls.playingDate?.getTime() ?? null;
  }

  get bitrate(): number | null {
    return this.hls.levels[this.hls.currentLevel]?.bitrate ?? null;
  }

  get bandwidthEstimate(): number | null {
    const estimate = this.hls.bandwidthEstimate;
    return Number.isFinite(estimate) ? Math.round(estimate) : null;
  }

  get qualities(): readonly Quality[] {
    return this.hls.levels.map((level) => ({ height: level.height, bitrate: level.bitrate }));
  }

  get quality(): number {
    return this.selectedQuality;
  }

  set quality(index: number) {
    this.selectedQuality = index;
    // currentLevel flushes what is buffered and loads the chosen rendition from the playhead: a
    // moment of loading, but WebKit's GStreamer MediaSource stalls for good when a rendition of
    // another size is appended behind buffered frames (what nextLevel does).
    this.hls.currentLevel = index;
  }

  retry(): void {
    if (this.hls.levels.length === 0) this.hls.loadSource(this.options.url);
    else this.hls.startLoad();
  }

  destroy(): void {
    clearTimeout(this.stuckTimer);
    this.video.removeEventListener('playing', this.onPlaying);
    this.keeper.destroy();
    this.liveEdge.destroy();
    this.hls.destroy();
    // hls.js detaches its MediaSource; make sure the element lets go of it too.
    this.video.removeAttribute('src');
    this.video.load();
  }

  /** How far from its target latency playback is brought back by rate (seconds); further, by a jump. */
  private get catchUpRange(): number {
    return Math.max(3, 2 * (this.hls.latestLevelDetails?.targetduration ?? 0));
  }

  private readonly onManifestLoaded = (_event: string, data: ManifestLoadedData) => {
    this.manifestStartOffset = data.startTimeOffset;
  };

  private readonly onLevelUpdated = (_event: string, { details }: LevelUpdatedData) => {
    if (!details.live) return;
    const now = performance.now();
    if (details.advanced) this.lastAdvance = now;
    else if (now - this.lastAdvance > Math.max(STALE_PLAYLIST_MS, details.targetduration * 10_000)) {
      this.hls.stopLoad();
      this.events.streamEnded();
      return;
    }
    // EXT-X-START decides only where playback starts; catch-up and "go live" aim at hls.js's
    // target latency, so make it the same distance from the edge.
    const offset = this.manifestStartOffset ?? details.startTimeOffset;
    if (!this.targetApplied && offset !== null && offset < 0) {
      this.targetApplied = true;
      this.hls.targetLatency = -offset;
      // Beyond this (after an outage, a long stall) hls.js jumps back rather than catching up.
      this.hls.config.liveMaxLatencyDuration = -offset + this.catchUpRange;
    }
  };

  private readonly onFragBuffered = () => {
    if (this.networkDown) {
      this.networkDown = false;
      this.events.networkRestored();
      this.watchForPlayback();
    }
    if (!this.startAligned) this.alignStart();
  };

  /**
   * After an outage that drained the buffer, new media lies beyond a gap. hls.js jumps it, but
   * WebKit (GStreamer) takes no more audio after such a gap: the video waits for good, the video
   * buffer growing, the audio not. If it has not played a few seconds after media came back, the
   * MediaSource is made anew (hls.js's `recoverMediaError`), which it takes.
   */
  private watchForPlayback(): void {
    clearTimeout(this.stuckTimer);
    this.video.addEventListener('playing', this.onPlaying);
    this.stuckTimer = setTimeout(() => {
      this.video.removeEventListener('playing', this.onPlaying);
      const { paused, readyState } = this.video;
      if (!paused && readyState < HTMLMediaElement.HAVE_FUTURE_DATA) this.reattach();
    }, STUCK_AFTER_OUTAGE_MS);
  }

  private readonly onPlaying = () => {
    clearTimeout(this.stuckTimer);
    this.video.removeEventListener('playing', this.onPlaying);
  };

  /** A new MediaSource for the video (hls.js's `recoverMediaError`), playing on if it played. */
  private reattach(): void {
    const playing = !this.video.paused;
    this.hls.recoverMediaError();
    // Attaching a new source pauses the video.
    if (playing) this.video.play().catch(() => {});
  }

  /**
   * hls.js starts at the offset from the edge of the playlist as it was when it arrived; by the
   * time the first fragment is buffered the edge has moved on. Start from where the offset points
   * now, if that is buffered already, so the first frame is as far from live as asked.
   */
  private alignStart(): void {
    this.startAligned = true;
    const sync = this.hls.liveSyncPosition;
    if (!this.targetApplied || sync === null) return;
    // From here the video still has to decode and start its clock (audio output opening).
    const position = sync + START_DELAY_SECONDS;
    if (position <= this.video.currentTime + 0.1) return;
    const { buffered } = this.video;
    for (let range = 0; range < buffered.length; range++) {
      if (buffered.start(range) <= position && position < buffered.end(range)) {
        this.video.currentTime = position;
        return;
      }
    }
  }

  private readonly onError = (_event: string, data: ErrorData) => {
    const status = data.response?.code;
    const playlistGone =
      (data.details === ErrorDetails.MANIFEST_LOAD_ERROR || data.details === ErrorDetails.LEVEL_LOAD_ERROR) &&
      (status === 404 || status === 410);
    if (playlistGone) {
      this.hls.stopLoad();
      this.events.streamEnded();
      return;
    }
    if (!data.fatal) return;
    if (data.type === ErrorTypes.NETWORK_ERROR) {
      this.networkDown = true;
      this.events.networkLost(data.error);
    } else if (data.type === ErrorTypes.MEDIA_ERROR) {
      this.recoverMedia(data);
    } else {
      this.events.mediaFailed(data.error);
    }
  };

  private recoverMedia(data: ErrorData): void {
    const now = performance.now();
    const again = now - this.lastMediaError < MEDIA_ERROR_WINDOW_MS;
    this.lastMediaError = now;
    if (!again) {
      this.reattach();
    } else if (!this.audioCodecSwapped) {
      this.audioCodecSwapped = true;
      this.hls.swapAudioCodec();
      this.reattach();
    } else {
      this.events.mediaFailed(data.error);
    }
  }
}
