/**
 * hls.js behind the `PlaybackEngine` interface. This module and hls.js's light build form the
 * chunk `<ifls-player>` imports only when it plays through Media Source Extensions.
 */
import Hls from 'hls.js/dist/hls.light.mjs';
import type {
  ErrorData,
  FragBufferedData,
  FragLoadedData,
  LevelLoadedData,
  LevelUpdatedData,
  ManifestLoadedData,
  FragmentLoaderConstructor,
  PlaylistLoaderConstructor,
} from 'hls.js';
import type { EngineEvents, EngineOptions, PlaybackEngine, Quality } from './playback-engine.js';
import { bufferAhead } from './buffer-ahead.js';
import { firstLookLoader, type FetchedPlaylist } from './first-look-loader.js';
import { holdableStartOffset, startOffsetOf } from './first-segment.js';
import { firstSegmentLoader } from './first-segment-loader.js';
import { LatencyKeeper } from './latency-keeper.js';
import { LatencyTarget } from './latency-target.js';
import { LiveEdgeTracker } from './live-edge-tracker.js';
import { startOffsetLoader, withStartOffset } from './start-offset-loader.js';
import { firstVariantUri } from './stream-waiter.js';

const { Events, ErrorTypes, ErrorDetails } = Hls;

/** A playlist unchanged for this long (and at least ten target durations) means the broadcast stopped. */
const STALE_PLAYLIST_MS = 20_000;
/** From the first fragment buffered to the media clock running, about. */
const START_DELAY_SECONDS = 0.1;
/** Two media errors closer than this call for the stronger remedy (hls.js's recovery recipe). */
const MEDIA_ERROR_WINDOW_MS = 3000;
/** Media flows again after an outage but the video has not played for this long (ms): it is stuck. */
const STUCK_AFTER_OUTAGE_MS = 4000;
/** A playlist the player looked at longer ago than this (s) is fetched again rather than handed to hls.js. */
const MAX_REUSE_AGE = 3;

export class HlsEngine implements PlaybackEngine {
  private readonly hls: Hls;
  private readonly liveEdge: LiveEdgeTracker;
  private readonly keeper: LatencyKeeper;
  private readonly target = new LatencyTarget();
  /**
   * The start offset that decides: the page's, else the playlist's `EXT-X-START` as the look that
   * found the broadcast read it (a multivariant playlist's first); undefined while unknown.
   */
  private readonly startOffset: number | undefined;
  /** The same, as hls.js gets it: a distance it can hold (`holdableStartOffset`). */
  private readonly holdableOffset: number | undefined;
  /** Every playlist is made to say `holdableOffset` (the page set one, or the channel's is too short). */
  private readonly rewritesStart: boolean;
  /** How long playlists take to answer (ms): the latest timed reload's time to first byte. */
  private playlistRoundTrip = 0;
  private selectedQuality = -1;
  private manifestStartOffset: number | null = null;
  private startAligned = false;
  private started = false;
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
    const look = options.firstLook;
    this.startOffset = startOffsetOf(look, options.startTimeOffset);
    // hls.js starts where the playlists' EXT-X-START says; make that a distance it can hold.
    const startAt = (this.holdableOffset = holdableStartOffset(look, options.startTimeOffset));
    const loader = Hls.DefaultConfig.loader as PlaylistLoaderConstructor;
    this.rewritesStart = startAt !== undefined && (options.startTimeOffset !== undefined || startAt !== this.startOffset);
    const rewritten = this.rewritesStart ? startOffsetLoader(loader, startAt!) : loader;
    const segment = options.firstSegment;
    this.hls = new Hls({
      // The ESM build has no inline (blob:) worker, so without a worker file transmuxing runs on
      // the main thread and a strict CSP needs nothing more.
      enableWorker: options.workerPath !== undefined,
      workerPath: options.workerPath ?? null,
      // The LatencyTarget decides the distance and the LatencyKeeper holds it, both ways; hls.js's
      // catch-up only speeds up.
      maxLiveSyncPlaybackRate: 1,
      // After a stall the LatencyTarget moves the distance back by what the network needs; hls.js
      // would add a second per stall, for good.
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
      // The playlists the look fetched answer hls.js's first requests for them: the first frame
      // waits for no playlist twice. (The default loader is generic over what it loads; its type
      // just does not say so.)
      pLoader: look ? firstLookLoader(rewritten, this.lookedAt(look), this.reuse) : rewritten,
      // The first segment, fetched while hls.js itself was (`prefetchFirstSegment`).
      fLoader: segment ? firstSegmentLoader(Hls.DefaultConfig.loader as FragmentLoaderConstructor, segment) : undefined,
    });
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

  /** The playlists the look fetched, by the absolute URLs hls.js will ask for. */
  private lookedAt(look: NonNullable<EngineOptions['firstLook']>): FetchedPlaylist[] {
    const url = new URL(this.options.url, document.baseURI).href;
    if (look.master === undefined) return [{ url, text: look.playlist, at: look.at }];
    const variant = firstVariantUri(look.master);
    const playlists = [{ url, text: look.master, at: look.at }];
    if (variant !== undefined) playlists.push({ url: new URL(variant, url).href, text: look.playlist, at: look.at });
    return playlists;
  }

  /**
   * A playlist the look fetched `age` seconds ago, for hls.js's first request for it. hls.js counts
   * a negative start offset from the end of the playlist it has; a look `age` seconds old ends
   * `age` seconds short of the one it would fetch now, so the offset it gets is shorter by as much
   * and playback starts where a fresh playlist would start it: within the segment fetched ahead,
   * if there is one, as close to that as the segment allows (a start up to `age` further back,
   * which the LatencyKeeper takes back, costs less than a round trip). Too old (it would start
   * past the end of what it lists, or its segments may be gone), hls.js fetches the playlist anew.
   */
  private readonly reuse = ({ text }: FetchedPlaylist, age: number): string | undefined => {
    if (age > MAX_REUSE_AGE) return undefined;
    const offset = this.holdableOffset;
    if (offset === undefined || (!this.rewritesStart && !/^#EXT-X-START/m.test(text))) return text;
    // Counted from the playlist's start, where segments leave a live playlist: only a fresh one will do.
    if (offset >= 0) return undefined;
    const segment = this.options.firstSegment;
    if (segment && /^#EXTINF/m.test(text)) {
      const total = playlistDuration(text);
      const wanted = total + offset + age;
      // hls.js takes a position within a quarter second of a segment's end for the next one.
      const position = Math.min(Math.max(wanted, segment.start + 0.05), segment.end - 0.3);
      return withStartOffset(text, Math.round((position - total) * 1000) / 1000);
    }
    if (offset + age >= 0) return undefined;
    return withStartOffset(text, Math.round((offset + age) * 1000) / 1000);
  };

  private readonly onManifestLoaded = (_event: string, data: ManifestLoadedData) => {
    this.manifestStartOffset = data.startTimeOffset;
  };

  private readonly onLevelLoaded = (_event: string, { stats }: LevelLoadedData) => {
    // A playlist answered from the look has no time of its own.
    const roundTrip = stats.loading.first - stats.loading.start;
    if (roundTrip > 0) this.playlistRoundTrip = roundTrip;
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
    this.applyTarget();
  };

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
    this.target.landed(margin, latency);
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
      this.hls.recoverMediaError();
    } else if (!this.audioCodecSwapped) {
      this.audioCodecSwapped = true;
      this.hls.swapAudioCodec();
      this.hls.recoverMediaError();
    } else {
      this.events.mediaFailed(data.error);
    }
  }
}

/** The sum of a media playlist's segment durations (s): where hls.js puts its edge. */
function playlistDuration(playlist: string): number {
  return [...playlist.matchAll(/^#EXTINF:([\d.]+)/gm)].reduce((sum, [, seconds]) => sum + Number(seconds), 0);
}
