import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { IflsErrorEvent } from '../events/error-event.js';
import { IflsStateChangeEvent } from '../events/state-change-event.js';
import { ReconnectPolicy } from '../internal/reconnect-policy.js';
import { choosePlayback, type Playback, type PlaybackPreference } from './choose-playback.js';
import { NativeEngine } from './native-engine.js';
import { prefetchFirstSegment } from './first-segment.js';
import { isBehindLive, type EngineEvents, type EngineOptions, type PlaybackEngine } from './playback-engine.js';
import type { PlayerErrorCode, PlayerState } from './player-types.js';
import { waitForBroadcast, type LiveLook, type PlaylistProbe } from './stream-waiter.js';

/** What the player plays and how; a change of any of it starts over. */
export interface PlaybackSource {
  url: string;
  startTimeOffset: number | undefined;
  preference: PlaybackPreference;
  workerPath: string | undefined;
}

/**
 * Drives one `<ifls-player>` through its states: waits for the broadcast, starts an engine,
 * autoplays (muted if the browser insists), reconnects after network failures, notices the end
 * and, with `waitForNext`, waits for the next broadcast. Every timer, request and listener of a
 * source belongs to one AbortController, so `halt()` ends them all at once.
 */
export class PlaybackController implements ReactiveController {
  state: PlayerState = 'idle';
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
  /** The viewer paused (through `pause()`) and has not played since. */
  private viewerPaused = false;
  private pauseCheck: ReturnType<typeof setTimeout> | undefined;
  /** Frames have moved since the engine started (the browser did not refuse to play). */
  private played = false;
  private networkDown = false;
  private readonly reconnect = new ReconnectPolicy(Infinity, 500, 8000);
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly video: () => HTMLVideoElement,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.source && !this.session) this.begin(this.source);
  }

  hostDisconnected(): void {
    // Moving the element (remove, then insert) must not restart playback: clean up only if it
    // is still out of the document once the current task's microtasks have run.
    queueMicrotask(() => {
      if (!this.host.isConnected) this.halt();
    });
  }

  /** Plays `source` (from the start); undefined stops. The same source again changes nothing. */
  load(source: PlaybackSource | undefined): void {
    if (sameSource(source, this.source)) return;
    this.halt();
    this.source = source;
    this.playRequested = false;
    if (source && this.host.isConnected) this.begin(source);
  }

  /** Starts over with the current source. */
  reload(): void {
    this.halt();
    if (this.source) this.begin(this.source);
  }

  play(): void {
    this.playRequested = true;
    this.viewerPaused = false;
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

  pause(): void {
    this.playRequested = false;
    this.viewerPaused = true;
    this.holdPause();
  }

  /**
   * Pauses, and looks again a moment later that it held: WebKitGTK's MediaSource can lose a
   * `pause()` that lands during one of its own flushing seeks, and the video plays on.
   */
  private holdPause(attempt = 0): void {
    const video = this.video();
    video.pause();
    clearTimeout(this.pauseCheck);
    if (attempt >= 3) return;
    this.pauseCheck = setTimeout(() => {
      if (this.viewerPaused && !video.paused) this.holdPause(attempt + 1);
    }, 250);
  }

  goLive(): void {
    const position = this.engine?.liveSyncPosition;
    if (position === null || position === undefined) return;
    const video = this.video();
    video.currentTime = position;
    if (video.paused) {
      this.viewerPaused = false;
      void this.startPlayback();
    }
  }

  private begin(source: PlaybackSource): void {
    this.session = new AbortController();
    this.playback = choosePlayback(this.video(), source.preference);
    if (!this.playback) {
      return this.fail('unsupported', 'This browser has neither Media Source Extensions nor HLS of its own.');
    }
    // Fetch hls.js while the playlist is looked at: they are the two longest waits of a start.
    if (this.playback === 'mse') loadHlsEngine().catch(() => {});
    this.listenToVideo(this.session.signal);
    this.awaitBroadcast('loading', false);
  }

  /** Everything `begin()` started ends here; the source stays for a later `begin()`. */
  private halt(): void {
    this.session?.abort();
    this.session = undefined;
    this.broadcastFound = undefined;
    this.mutedByAutoplay = false;
    this.viewerPaused = false;
    clearTimeout(this.pauseCheck);
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
    let engine: PlaybackEngine;
    if (this.playback === 'native') {
      engine = new NativeEngine(this.video(), options, this.engineEvents);
    } else {
      // The first segment comes while hls.js does: the first frame waits for the longer of the two.
      const look = this.broadcastFound;
      if (look) options.firstSegment = prefetchFirstSegment(look, url, startTimeOffset, session.signal);
      let module;
      try {
        module = await loadHlsEngine();
      } catch (error) {
        if (!session.signal.aborted) this.fail('network', 'hls.js could not be loaded.', error);
        return;
      }
      if (session.signal.aborted || this.engine) return;
      engine = new module.HlsEngine(this.video(), options, this.engineEvents);
    }
    this.engine = engine;
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
    this.host.requestUpdate();
  }

  /** Plays, falling back to muted where the browser refuses sound without a gesture. */
  private async startPlayback(): Promise<void> {
    const video = this.video();
    try {
      await video.play();
      return;
    } catch (error) {
      // An AbortError only means a pause() or a new source came first.
      if (!isNotAllowed(error)) return;
    }
    if (!video.muted) {
      video.muted = true;
      this.mutedByAutoplay = true;
      try {
        await video.play();
        this.report('autoplay-blocked', 'The browser refused to play with sound; playing muted.', true);
        return;
      } catch (error) {
        video.muted = false;
        this.mutedByAutoplay = false;
        if (!isNotAllowed(error)) return;
      }
    }
    this.report('autoplay-blocked', 'The browser refused to autoplay; the viewer has to press play.', false);
    this.settle();
  }

  private listenToVideo(signal: AbortSignal): void {
    const video = this.video();
    const settle = () => this.settle();
    for (const type of ['playing', 'pause', 'waiting', 'canplay']) video.addEventListener(type, settle, { signal });
    video.addEventListener('playing', () => (this.played = true), { signal });
    video.addEventListener('ended', () => this.finish(), { signal });
    video.addEventListener(
      'volumechange',
      () => {
        if (!video.muted && this.mutedByAutoplay) {
          this.mutedByAutoplay = false;
          this.host.requestUpdate();
        }
      },
      { signal },
    );
    addEventListener('online', () => this.retryNow(), { signal });
  }

  /**
   * The state while an engine runs follows from the video and the network. A video element that
   * fails pauses itself (the browser's own HLS does): until the engine has said why, and while it
   * reconnects, that is no pause of the viewer's.
   */
  private settle(): void {
    const video = this.video();
    if (!this.engine || video.ended) return;
    const interrupted = video.error !== null || (this.networkDown && this.played && !this.viewerPaused);
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
    qualitiesChanged: () => this.host.requestUpdate(),
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
    if (this.video().paused && this.played && !this.viewerPaused) void this.startPlayback();
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
    this.host.setAttribute('state', state);
    this.host.requestUpdate();
    this.host.dispatchEvent(new IflsStateChangeEvent(state, previous));
  }

  private report(code: PlayerErrorCode, message: string, recoverable: boolean, cause?: unknown): void {
    this.host.dispatchEvent(new IflsErrorEvent(code, message, recoverable, cause));
  }
}

/** hls.js and the engine around it, fetched once per page on first use. */
function loadHlsEngine() {
  return import('./hls-engine.js');
}

function isNotAllowed(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'NotAllowedError';
}

function sameSource(a: PlaybackSource | undefined, b: PlaybackSource | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (Object.keys(a) as (keyof PlaybackSource)[]).every((key) => a[key] === b[key]);
}
