import { ReconnectPolicy } from '../internal/reconnect-policy.js';
import { playOrMuted } from './autoplay.js';
import { choosePlayback, type Playback } from './choose-playback.js';
import { startNativeEngine } from './engine-loader.js';
import { startHlsEngine } from './hls-engine-start.js';
import { isBehindLive, type EngineEvents, type EngineOptions, type PlaybackEngine } from './playback-engine.js';
import { sameSource, type PlaybackSource } from './playback-source.js';
import type { PlayerErrorCode, PlayerState } from './player-types.js';
import { ViewerPause } from './viewer-pause.js';
import { waitForBroadcast, type LiveLook, type PlaylistProbe } from './stream-waiter.js';

/** What the session tells its element, which sets its attribute, dispatches its events and renders. */
export interface PlaybackListener {
  stateChanged(state: PlayerState, previous: PlayerState): void;
  /** `recoverable`: the player keeps trying; otherwise it stopped in `error` (or waits for a press of play). */
  failed(code: PlayerErrorCode, message: string, recoverable: boolean, cause?: unknown): void;
  /** What the element shows changed without the state: the engine started or ended, its qualities, the autoplay mute. */
  changed(): void;
}

/**
 * Everything `<ifls-player>` does with a playlist, without Lit: waits for the broadcast, starts an
 * engine, autoplays (muted if the browser insists), reconnects after network failures, notices the
 * end and, with `waitForNext`, waits for the next broadcast (idle → loading or waiting → paused or
 * playing ⇄ reconnecting → ended, or error). Every timer, request and listener of a source belongs
 * to one AbortController, so `halt()` ends them all at once. It reports through its listener.
 */
export class PlaybackSession {
  /** The element's `state`. */
  state: PlayerState = 'idle';
  /** The engine playing the stream; null until the broadcast is found and playback asked for. */
  engine: PlaybackEngine | null = null;
  /** True while the stream plays muted only because the browser refused to autoplay with sound. */
  mutedByAutoplay = false;
  /** Start playing as soon as the broadcast is on. */
  autoplay = false;
  /** After the end of a broadcast, wait for the next one. */
  waitForNext = false;

  private source: PlaybackSource | undefined;
  private session: AbortController | undefined;
  private playback: Playback | undefined;
  /** The look at the playlist that found the broadcast on the air; undefined until one has. */
  private broadcastFound: LiveLook | undefined;
  private playRequested = false;
  /** The viewer's pause, told from the browser's own. */
  private readonly viewerPause: ViewerPause;
  /** Frames have moved since the engine started (the browser did not refuse to play). */
  private played = false;
  private networkDown = false;
  private readonly reconnect = new ReconnectPolicy(Infinity, 500, 8000);
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly video: () => HTMLVideoElement,
    private readonly listener: PlaybackListener,
  ) {
    this.viewerPause = new ViewerPause(video);
  }

  /**
   * Plays `source` (from the start), now if `begin` (the element is in the document), else at
   * `resume()`; undefined stops. The same source again changes nothing.
   */
  load(source: PlaybackSource | undefined, begin: boolean): void {
    if (sameSource(source, this.source)) return;
    this.halt();
    this.source = source;
    this.playRequested = false;
    if (source && begin) this.begin(source);
  }

  /** Starts the current source again after `halt()` (the element is back in the document). */
  resume(): void {
    if (this.source && !this.session) this.begin(this.source);
  }

  /** Starts over with the current source. */
  reload(): void {
    this.halt();
    if (this.source) this.begin(this.source);
  }

  /** Plays; far behind the live edge, from the edge. Before the broadcast is found, when it is. */
  play(): void {
    this.playRequested = true;
    this.viewerPause.release();
    if (this.state === 'ended' || this.state === 'error') return this.reload();
    if (!this.engine) {
      // Found on the air a while ago: look again (it may have ended since), then play. Still
      // waiting for the broadcast: playback starts when it does.
      if (this.broadcastFound) {
        this.broadcastFound = undefined;
        this.awaitBroadcast('loading', false);
      }
      return;
    }
    if (isBehindLive(this.engine)) this.goLive();
    void this.startPlayback();
  }

  /** Pauses, until `play()`. */
  pause(): void {
    this.playRequested = false;
    this.viewerPause.hold();
  }

  /** Jumps to the target distance from the live edge, and plays on. */
  goLive(): void {
    const position = this.engine?.liveSyncPosition;
    if (position === null || position === undefined) return;
    const video = this.video();
    video.currentTime = position;
    if (video.paused) {
      this.viewerPause.release();
      void this.startPlayback();
    }
  }

  private begin(source: PlaybackSource): void {
    this.session = new AbortController();
    this.playback = choosePlayback(this.video(), source.preference);
    if (!this.playback) {
      return this.fail('unsupported', 'This browser has neither Media Source Extensions nor HLS of its own.');
    }
    // The default way's engine is on its way since the element was registered (`prefetchEngine`);
    // a page that chose the other way fetches that one when it starts.
    this.listenToVideo(this.session.signal);
    this.awaitBroadcast('loading', false);
  }

  /** Everything `begin()` started ends here; the source stays for a later `resume()`. */
  halt(): void {
    this.session?.abort();
    this.session = undefined;
    this.broadcastFound = undefined;
    this.mutedByAutoplay = false;
    this.viewerPause.release();
    this.endEngine();
    this.setState('idle');
  }

  private awaitBroadcast(state: PlayerState, requireChange: boolean): void {
    const session = this.session!;
    this.setState(state);
    waitForBroadcast(this.source!.url, {
      signal: session.signal,
      requireChange,
      startTimeOffset: this.source!.startTimeOffset,
      onProbe: (probe) => this.onProbe(probe),
    }).then(
      (look) => this.onBroadcast(look),
      () => {}, // aborted: halt() or fail() has taken over
    );
  }

  private onProbe(probe: PlaylistProbe): void {
    switch (probe.kind) {
      case 'not-found':
        if (this.state !== 'waiting') {
          this.setState('waiting');
          this.report('not-found', `The playlist answers ${probe.status}: the broadcast has not started.`, true);
        }
        break;
      case 'gone':
      case 'ended':
        if (this.waitForNext) this.setState('waiting');
        else this.finish();
        break;
      case 'unreachable':
        if (this.state !== 'reconnecting') {
          this.setState('reconnecting');
          this.report('network', 'The playlist could not be loaded; trying again.', true, probe.cause);
        }
        break;
    }
  }

  private onBroadcast(look: LiveLook): void {
    this.broadcastFound = look;
    if (this.autoplay || this.playRequested) void this.startEngine();
    else this.setState('paused');
  }

  private async startEngine(): Promise<void> {
    if (this.engine) return;
    const session = this.session!;
    const { url, startTimeOffset, workerPath } = this.source!;
    const options: EngineOptions = { url, startTimeOffset, workerPath, firstLook: this.broadcastFound };
    this.setState('loading');
    const wanted = () => !session.signal.aborted && !this.engine;
    const native = this.playback === 'native';
    let engine: PlaybackEngine | null;
    try {
      engine = native
        ? await startNativeEngine(this.video(), options, this.engineEvents, wanted)
        : await startHlsEngine(this.video(), options, this.engineEvents, session.signal, wanted);
    } catch (error) {
      if (!session.signal.aborted) this.fail('network', native ? 'The player could not be loaded.' : 'hls.js could not be loaded.', error);
      return;
    }
    if (!engine) return;
    this.engine = engine;
    this.listener.changed();
    void this.startPlayback();
  }

  private endEngine(): void {
    clearTimeout(this.reconnectTimer);
    this.networkDown = false;
    this.played = false;
    this.reconnect.attempt = 0;
    if (!this.engine) return;
    this.engine.destroy();
    this.engine = null;
    this.listener.changed();
  }

  /** Plays, falling back to muted where the browser refuses sound without a gesture (`playOrMuted`). */
  private async startPlayback(): Promise<void> {
    const outcome = await playOrMuted(this.video(), (muted) => (this.mutedByAutoplay = muted));
    if (outcome === 'muted') {
      this.report('autoplay-blocked', 'The browser refused to play with sound; playing muted.', true);
    } else if (outcome === 'refused') {
      this.report('autoplay-blocked', 'The browser refused to autoplay; the viewer has to press play.', false);
      this.settle();
    }
  }

  private listenToVideo(signal: AbortSignal): void {
    const video = this.video();
    const settle = () => this.settle();
    // Before `settle`: a video played on at once (play() unpauses at once) never shows as paused.
    video.addEventListener('pause', () => this.resumeAfterSeek(), { signal });
    this.viewerPause.watchSeeks(signal);
    // An engine's teardown empties the video too, but only once the session has let go of it.
    video.addEventListener('emptied', () => void (this.engine && this.viewerPause.noteSourceReset()), { signal });
    video.addEventListener('canplay', () => this.resumeAfterReset(), { signal });
    for (const type of ['playing', 'pause', 'waiting', 'canplay']) video.addEventListener(type, settle, { signal });
    video.addEventListener('playing', () => (this.played = true), { signal });
    video.addEventListener('ended', () => this.finish(), { signal });
    video.addEventListener(
      'volumechange',
      () => {
        if (!video.muted && this.mutedByAutoplay) {
          this.mutedByAutoplay = false;
          this.listener.changed();
        }
      },
      { signal },
    );
    addEventListener('online', () => this.retryNow(), { signal });
  }

  /** A video nobody paused plays on (`ViewerPause.isSelfPause`). */
  private resumeAfterSeek(): void {
    // An engine runs only for a video someone wants to play; no need to ask whether anyone does.
    if (this.engine && this.viewerPause.isSelfPause()) void this.startPlayback();
  }

  /** A video paused only by a new MediaSource plays on once that can play (`ViewerPause.isPausedByReset`). */
  private resumeAfterReset(): void {
    if (this.engine && this.viewerPause.isPausedByReset()) void this.startPlayback();
  }

  /**
   * The state while an engine runs follows from the video and the network. A video element that
   * fails pauses itself (the browser's own HLS does): until the engine has said why, and while it
   * reconnects, that is no pause of the viewer's.
   */
  private settle(): void {
    const video = this.video();
    if (!this.engine || video.ended) return;
    const interrupted = video.error !== null || (this.networkDown && this.played && !this.viewerPause.paused);
    if (video.paused && !interrupted) this.setState('paused');
    else if (!video.paused && video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA) this.setState('playing');
    else this.setState(this.networkDown ? 'reconnecting' : 'loading');
  }

  private readonly engineEvents: EngineEvents = {
    networkLost: (cause) => {
      if (!this.networkDown) this.report('network', 'The stream could not be loaded; reconnecting.', true, cause);
      this.networkDown = true;
      this.settle();
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => this.retry(), this.reconnect.nextDelay());
    },
    networkRestored: () => {
      this.networkDown = false;
      this.reconnect.attempt = 0;
      this.settle();
    },
    streamEnded: () => this.finish(),
    mediaFailed: (cause) => this.fail('media', 'The stream could not be decoded.', cause),
    qualitiesChanged: () => this.listener.changed(),
  };

  private retryNow(): void {
    if (!this.networkDown) return;
    clearTimeout(this.reconnectTimer);
    this.retry();
  }

  /** Loads again; a video the engine had to load again (native HLS) plays on, unless the viewer paused it. */
  private retry(): void {
    if (!this.engine) return;
    this.engine.retry();
    if (this.video().paused && this.played && !this.viewerPause.paused) void this.startPlayback();
  }

  /** The broadcast is over; with `waitForNext`, the next one is awaited. */
  private finish(): void {
    this.endEngine();
    this.setState('ended');
    if (this.waitForNext) {
      this.broadcastFound = undefined;
      this.awaitBroadcast('waiting', true);
    } else {
      this.session?.abort();
    }
  }

  private fail(code: PlayerErrorCode, message: string, cause?: unknown): void {
    this.session?.abort();
    this.endEngine();
    this.setState('error');
    this.report(code, message, false, cause);
  }

  private setState(state: PlayerState): void {
    if (state === this.state) return;
    const previous = this.state;
    this.state = state;
    this.listener.stateChanged(state, previous);
  }

  private report(code: PlayerErrorCode, message: string, recoverable: boolean, cause?: unknown): void {
    this.listener.failed(code, message, recoverable, cause);
  }
}
