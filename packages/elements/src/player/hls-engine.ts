/**
 * hls.js behind the `PlaybackEngine` interface. This module and hls.js's light build form the
 * chunk `<ifls-player>` imports only when it plays through Media Source Extensions.
 */
import Hls from 'hls.js/dist/hls.light.mjs';
import type { ErrorData, FragBufferedData, FragLoadedData, LevelLoadedData, LevelUpdatedData, ManifestLoadedData } from 'hls.js';
import type { EngineEvents, EngineOptions, PlaybackEngine, Quality } from './playback-engine.js';
import { bufferAhead } from './buffer-ahead.js';
import { startOffsetOf } from './first-segment.js';
import { hlsConfig } from './hls-config.js';
import { LatencyKeeper } from './latency-keeper.js';
import { LatencyTarget } from './latency-target.js';
import { LiveEdgeTracker } from './live-edge-tracker.js';
import { MediaErrorRecovery } from './media-error-recovery.js';

const { Events, ErrorTypes, ErrorDetails } = Hls;

/** A playlist unchanged for this long (and at least ten target durations) means the broadcast stopped. */
const STALE_PLAYLIST_MS = 20_000;
/** From the first fragment buffered to the media clock running, about. */
const START_DELAY_SECONDS = 0.1;
/** Media flows again after an outage but the video has not played for this long (ms): it is stuck. */
const STUCK_AFTER_OUTAGE_MS = 4000;

export class HlsEngine implements PlaybackEngine {
  private readonly hls: Hls;
  private readonly liveEdge: LiveEdgeTracker;
  private readonly keeper: LatencyKeeper;
  private readonly target = new LatencyTarget();
  private readonly mediaRecovery: MediaErrorRecovery;
  /**
   * The start offset that decides: the page's, else the playlist's `EXT-X-START` as the look that
   * found the broadcast read it (a multivariant playlist's first); undefined while unknown.
   */
  private readonly startOffset: number | undefined;
  /** How long playlists take to answer (ms): the latest timed reload's time to first byte. */
  private playlistRoundTrip = 0;
  private selectedQuality = -1;
  private manifestStartOffset: number | null = null;
  private startAligned = false;
  private started = false;
  private networkDown = false;
  /** The latest load failed, and none has worked since. */
  private loadFailing = false;
  /** Loads work again after an outage; the next segment to land has not yet. */
  private afterOutage = false;
  /** A load failed while the browser knew it was offline: hls.js waits for the connection. */
  private waitingForOnline = false;
  private stuckTimer: ReturnType<typeof setTimeout> | undefined;
  private lastAdvance = performance.now();

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly options: EngineOptions,
    private readonly events: EngineEvents,
  ) {
    const look = options.firstLook;
    this.startOffset = startOffsetOf(look, options.startTimeOffset);
    this.hls = new Hls(hlsConfig(options));
    this.mediaRecovery = new MediaErrorRecovery(this.hls);
    this.liveEdge = new LiveEdgeTracker(this.hls, look);
    this.keeper = new LatencyKeeper(video, this, () => this.catchUpRange);
    this.hls.on(Events.MANIFEST_LOADED, this.onManifestLoaded);
    this.hls.on(Events.MANIFEST_PARSED, () => events.qualitiesChanged());
    this.hls.on(Events.LEVELS_UPDATED, () => events.qualitiesChanged());
    this.hls.on(Events.LEVEL_LOADED, this.onLevelLoaded);
    this.hls.on(Events.LEVEL_UPDATED, this.onLevelUpdated);
    this.hls.on(Events.FRAG_LOADED, this.onFragLoaded);
    this.hls.on(Events.FRAG_BUFFERED, this.onFragBuffered);
    this.hls.on(Events.ERROR, this.onError);
    video.addEventListener('playing', this.onFirstPlaying);
    addEventListener('online', this.onOnline);
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

  get requestedLatency(): number | null {
    return this.hls.latestLevelDetails?.live ? this.target.requested : null;
  }

  /** Nothing can be fetched now: the latest load failed, or the browser knows it is offline. */
  get outage(): boolean {
    return this.loadFailing || !navigator.onLine;
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
    removeEventListener('online', this.onOnline);
    this.video.removeEventListener('playing', this.onPlaying);
    this.video.removeEventListener('playing', this.onFirstPlaying);
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

  private readonly onLevelLoaded = (_event: string, { stats }: LevelLoadedData) => {
    // A playlist answered from the look has no time of its own.
    const roundTrip = stats.loading.first - stats.loading.start;
    if (roundTrip > 0) this.playlistRoundTrip = roundTrip;
    this.loadWorked();
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
    if (this.target.value === null) this.target.configure(this.requestedDistance(details), details.targetduration);
    this.applyTarget();
  };

  /**
   * How far from the edge the page or the channel asks playback to be (s). A negative start
   * offset is that distance. One of zero or more counts from the start of the playlist (HLS): the
   * distance is where that put playback, and it is held from there. Without one, hls.js's own
   * (`HOLD-BACK`, else three target durations).
   */
  private requestedDistance(details: LevelUpdatedData['details']): number {
    const offset = this.startOffset ?? this.manifestStartOffset ?? details.startTimeOffset;
    if (offset === null || offset === undefined) return this.hls.targetLatency ?? 3 * details.targetduration;
    if (offset < 0) return -offset;
    return Math.max(0, details.totalduration - offset);
  }

  /**
   * EXT-X-START decides only where playback starts; catch-up and "go live" aim at hls.js's target
   * latency, so that is the LatencyTarget's, whenever it changes.
   */
  private applyTarget(): void {
    const target = this.target.value;
    if (target === null || target === this.hls.config.liveSyncDuration) return;
    this.hls.targetLatency = target;
    // Beyond this (after an outage, a long stall) hls.js jumps back rather than catching up.
    this.hls.config.liveMaxLatencyDuration = target + this.catchUpRange;
  }

  private readonly onFragLoaded = (_event: string, { frag }: FragLoadedData) => {
    if (frag.type !== 'main' || typeof frag.sn !== 'number') return;
    const { start, end } = frag.stats.loading;
    this.target.fetched((end - start) / 1000, this.playlistRoundTrip / 1000);
    this.loadWorked();
    this.applyTarget();
  };

  private loadWorked(): void {
    if (!this.loadFailing) return;
    this.loadFailing = false;
    this.afterOutage = true;
  }

  /** The first frame moves: work that refines the edge may now use the network. */
  private readonly onFirstPlaying = () => {
    this.video.removeEventListener('playing', this.onFirstPlaying);
    this.started = true;
    this.liveEdge.allowLooks();
  };

  private readonly onFragBuffered = (_event: string, { frag }: FragBufferedData) => {
    if (frag.type === 'main' && typeof frag.sn === 'number') this.measureMargin(frag.start);
    if (this.networkDown) {
      this.networkDown = false;
      this.events.networkRestored();
      this.watchForPlayback();
    }
    if (!this.startAligned) this.alignStart();
  };

  /**
   * How much was still buffered ahead when a segment starting at `start` landed: what the network
   * left to spare at this latency. Only while playing on (not before the first frame, not while
   * paused or seeking, where the playhead says nothing about the network).
   */
  private measureMargin(start: number): void {
    const video = this.video;
    const latency = this.latency;
    if (!this.started || video.paused || video.seeking || latency === null) return;
    const margin = start - video.currentTime;
    // Only the next segment in line tells: one beyond the buffer (after a jump) is no sign of
    // trouble, one well behind the playhead refills what a quality switch flushed. (After a stall
    // the playhead waits where the buffer ended, where the next segment starts.)
    if (margin > bufferAhead(video) + 0.5 || margin < -0.25) return;
    // The first segment after an outage lands with what playing slower through it (or a stall)
    // left, which says nothing of the network now; what the outage asks of the target is its length.
    if (this.afterOutage) {
      this.afterOutage = false;
      this.target.recovered(this.keeper.outageRate);
    } else {
      this.target.landed(margin, latency);
    }
    this.applyTarget();
  }

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
      const { paused, readyState, error } = this.video;
      if (!paused && !error && readyState < HTMLMediaElement.HAVE_FUTURE_DATA) this.reattach();
    }, STUCK_AFTER_OUTAGE_MS);
  }

  private readonly onPlaying = () => {
    clearTimeout(this.stuckTimer);
    this.video.removeEventListener('playing', this.onPlaying);
  };

  /**
   * A new MediaSource for a video that plays (hls.js's `recoverMediaError`), played on: attaching
   * a source pauses the video. (Not after a media error: a `play()` then hangs WebKit's page.)
   */
  private reattach(): void {
    this.hls.recoverMediaError();
    this.video.play().catch(() => {});
  }

  /**
   * hls.js starts at the offset from the edge of the playlist as it was when it arrived; by the
   * time the first fragment is buffered the edge has moved on. Start from where the offset points
   * now, if that is buffered already, so the first frame is as far from live as asked.
   */
  private alignStart(): void {
    this.startAligned = true;
    const sync = this.hls.liveSyncPosition;
    if (this.target.value === null || sync === null) return;
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

  /**
   * Back online after a load failed offline: load now. hls.js itself looks whether the connection
   * is back only once a second (its playlist reload when offline), up to a second more of a stall
   * that a viewer on a train sits through at every tunnel. (A fatal error is the controller's to retry.)
   */
  private readonly onOnline = () => {
    if (!this.waitingForOnline || this.networkDown) return;
    this.waitingForOnline = false;
    this.hls.startLoad();
  };

  private readonly onError = (_event: string, data: ErrorData) => {
    if (data.type === ErrorTypes.NETWORK_ERROR && data.details !== ErrorDetails.INTERNAL_ABORTED) {
      if (!navigator.onLine) this.waitingForOnline = true;
      this.loadFailing = true;
      this.target.lost();
    }
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
      if (!this.mediaRecovery.recover()) this.events.mediaFailed(data.error);
    } else {
      this.events.mediaFailed(data.error);
    }
  };
}
