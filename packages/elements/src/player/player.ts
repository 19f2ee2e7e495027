import { html, LitElement, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { IflsErrorEvent } from '../events/error-event.js';
import { IflsStateChangeEvent } from '../events/state-change-event.js';
import { IflsStatsEvent } from '../events/stats-event.js';
import { elementLanguage } from '../internal/element-language.js';
import type { PlaybackPreference } from './choose-playback.js';
import { PlaybackController } from './playback-controller.js';
import { playbackSource, sourceChanged, type PlaybackSource } from './playback-source.js';
import { controlBar, icons, playableStates, statusContent, type PlayerControlsView } from './player-controls.js';
import type { IflsPlayerEventMap } from './player-events.js';
import { playerStrings, type PlayerStrings } from './player-strings.js';
import type { PlayerChannel, PlayerState } from './player-types.js';
import { playerStyles } from './player.styles.js';
import { pageStartOffset } from './start-offset-loader.js';
import { StatsController } from './stats-controller.js';

/**
 * Plays an ImageFlux Live Streaming channel: its HLS `playlist_url`, from `startTimeOffset` behind
 * the live edge, holding that latency. Waits for a broadcast that has not started, reconnects
 * after network failures, and knows when the broadcast ends.
 *
 * Its words are Japanese where its language is `ja…` and English otherwise: the `lang` of the
 * element or its nearest ancestor (past the shadow roots it sits in), else the document's, else
 * the browser's; read at each render. `strings` replaces any of them.
 *
 * @tag ifls-player
 * @summary A live HLS player for ImageFlux Live Streaming.
 *
 * @fires {IflsStateChangeEvent} ifls-state-change - The `state` changed.
 * @fires {IflsErrorEvent} ifls-error - Something went wrong; `code` is a `PlayerErrorCode`, `recoverable` says whether the player keeps trying.
 * @fires {IflsStatsEvent} ifls-stats - About once a second while playing: latency, bitrate, buffer, stalls.
 *
 * @slot waiting - Shown while the broadcast has not started (replaces the default message).
 * @slot ended - Shown when the broadcast is over.
 * @slot error - Shown when the stream cannot be played.
 *
 * @csspart video - The `<video>`.
 * @csspart status - The layer over the video holding messages, the spinner and the large play button.
 * @csspart message - A message in the status layer (waiting, reconnecting, ended, error).
 * @csspart spinner - The loading indicator.
 * @csspart controls - The control bar (with the `controls` attribute, while there is something to control).
 * @csspart play-button - Play/pause (in the bar, and the large one over a paused video).
 * @csspart mute-button - Mute/unmute.
 * @csspart volume - The volume slider.
 * @csspart live-badge - "LIVE" at the live edge; "GO LIVE" behind it, a button back to the edge.
 * @csspart latency - The latency readout.
 * @csspart quality - The quality menu (when the playlist has several renditions).
 * @csspart pip-button - Picture in picture.
 * @csspart fullscreen-button - Full screen.
 * @csspart unmute-button - Offered when the browser allowed autoplay only muted.
 *
 * @cssprop [--ifls-aspect-ratio=16 / 9] - Aspect ratio of the player box.
 * @cssprop [--ifls-object-fit=contain] - How the video fills the box.
 * @cssprop [--ifls-background=#000] - Behind the video.
 * @cssprop [--ifls-radius=0] - Corner radius of the player.
 * @cssprop [--ifls-font=14px/1.4 system-ui, sans-serif] - Font of controls and messages.
 * @cssprop [--ifls-control-color=#fff] - Text and icon colour.
 * @cssprop [--ifls-controls-background=linear-gradient(transparent, rgb(0 0 0 / 0.8))] - Behind the control bar.
 * @cssprop [--ifls-overlay-background=rgb(0 0 0 / 0.75)] - Behind messages and the unmute and large play buttons.
 * @cssprop [--ifls-accent-color=#fff] - The volume slider.
 * @cssprop [--ifls-live-color=#ff3b3b] - The live badge's dot at the live edge.
 * @cssprop [--ifls-behind-live-color=#9a9a9a] - The live badge's dot behind the live edge.
 * @cssprop [--ifls-focus-color=#fff] - Focus ring.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface below only types addEventListener
export class IflsPlayer extends LitElement {
  static override styles = playerStyles;

  // Not Lit's decorators, whose code adds some 600 bytes (gzip) to the first load: `declare` below types
  // each, the constructor sets defaults; states say `attribute: false` (implied) for the manifest's analyzer.
  static override properties: PropertyDeclarations = {
    src: {},
    channel: { attribute: false },
    startTimeOffset: { attribute: 'start-time-offset', converter: { fromAttribute: pageStartOffset } },
    autoplay: { type: Boolean },
    muted: { type: Boolean, reflect: true },
    controls: { type: Boolean },
    poster: {},
    preferPlayback: { attribute: 'prefer-playback' },
    workerPath: { attribute: 'worker-path' },
    waitForNext: { attribute: 'wait-for-next', type: Boolean },
    strings: { attribute: false },
    volume: { state: true, attribute: false },
    inPictureInPicture: { state: true, attribute: false },
  };

  /** The playlist to play (`playlist_url` of CreateChannel). Takes precedence over `channel`. */
  declare src?: string;

  /** The CreateChannel answer (`{channel_id, sora_url, playlist_url}`); the player plays its `playlist_url`. */
  declare channel?: PlayerChannel;

  /**
   * Seconds from the live edge to start at and hold, negative (e.g. `-2`); without it the
   * playlist's `EXT-X-START` (the channel's `startTimeOffset`) decides. So it does when the
   * attribute is removed, empty or not a number (`"abc"`), or the property is not a finite number.
   */
  declare startTimeOffset?: number;

  /** Play as soon as the broadcast is on; muted (with an unmute button) if the browser insists. */
  declare autoplay: boolean;

  /** Muted; follows the viewer's mute button and the unmute offer, and the attribute follows it. */
  declare muted: boolean;

  /** Show the control bar. */
  declare controls: boolean;

  /** Image shown before the first frame and while waiting. */
  declare poster?: string;

  /** `mse` (hls.js) or `native` (the browser's own HLS, where it has one); by default MSE where it exists. */
  declare preferPlayback?: PlaybackPreference;

  /** URL of hls.js's `hls.worker.js` to transmux in a worker (`worker-src 'self'`); main thread without it. */
  declare workerPath?: string;

  /** After a broadcast ends, wait for the next one on the same playlist instead of stopping. */
  declare waitForNext: boolean;

  /**
   * Replaces any of the texts of the element's language (`{ waiting: 'Back at 9 pm' }`); the others
   * stay. Assign a new object to change them.
   */
  declare strings: Partial<PlayerStrings>;

  declare private volume: number;
  declare private inPictureInPicture: boolean;

  /** The playback (a `PlaybackSession`); this element shows it and fires its events. */
  private readonly playback = new PlaybackController(this, () => this.video!, {
    stateChanged: (state, previous) => {
      this.changed();
      this.setAttribute('state', state);
      this.dispatchEvent(new IflsStateChangeEvent(state, previous));
    },
    failed: (code, message, recoverable, cause) => this.dispatchEvent(new IflsErrorEvent(code, message, recoverable, cause)),
    changed: () => this.changed(),
  });
  private readonly statistics = new StatsController(
    this,
    this.playback.session,
    () => this.video!,
    (stats) => this.dispatchEvent(new IflsStatsEvent(stats)),
  );
  /** What is to be played, as the properties say; read in `updated()` (see there). */
  private source: PlaybackSource | undefined;

  constructor() {
    super();
    this.autoplay = false;
    this.muted = false;
    this.controls = false;
    this.waitForNext = false;
    this.strings = {};
    this.volume = 1;
    this.inPictureInPicture = false;
    this.addEventListener('fullscreenchange', () => this.requestUpdate());
  }

  /** Re-render when the element's own `lang` changes (the language is looked up on every render). */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // `[state]` selectors match from the start, not only after the first change.
    this.setAttribute('state', this.state);
  }

  /** Reflected as the `state` attribute. */
  get state(): PlayerState {
    return this.playback.session.state;
  }

  /** Seconds behind the live edge; null when unknown. */
  get latency(): number | null {
    return this.playback.session.engine?.latency ?? null;
  }

  /** The `<video>`, for what the element does not offer (captions tracks, media sessions…). */
  get video(): HTMLVideoElement | null {
    return this.renderRoot?.querySelector('video') ?? null;
  }

  /** Plays; when paused far behind the live edge, from the live edge. Before the broadcast starts, plays when it does. */
  play(): void {
    this.playback.session.play();
  }

  /** Pauses, until `play()` or the play button. */
  pause(): void {
    this.playback.session.pause();
  }

  /** Returns to the configured distance from the live edge. */
  goLive(): void {
    this.playback.session.goLive();
  }

  /** Starts over: looks at the playlist again and restarts playback. */
  load(): void {
    this.playback.session.reload();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.playback.session.autoplay = this.autoplay;
    this.playback.session.waitForNext = this.waitForNext;
    if (sourceChanged(changed)) this.source = playbackSource(this);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!sourceChanged(changed)) return;
    // Loading changes the state at once (and so the rendering): after this update, not inside it,
    // which Lit would warn about. The session needs the rendered <video>, so not in willUpdate().
    const source = this.source;
    queueMicrotask(() => {
      if (source === this.source) this.playback.load(source);
    });
  }

  protected override render(): TemplateResult {
    const strings = { ...playerStrings(this.language), ...this.strings };
    const view = this.controlsView();
    // The video takes no focus: Firefox would make it (and its picture-in-picture toggle) two
    // unnamed tab stops before the controls, which are the keyboard's way in.
    return html`
      <video
        part="video"
        playsinline
        tabindex="-1"
        poster=${ifDefined(this.poster)}
        .muted=${this.muted}
        @click=${this.togglePlay}
        @volumechange=${this.onVolumeChange}
        @enterpictureinpicture=${this.onPictureInPictureChange}
        @leavepictureinpicture=${this.onPictureInPictureChange}
      ></video>
      <div part="status" role="status">${statusContent(view, strings)}</div>
      ${
        this.playback.session.mutedByAutoplay
          ? html`<button part="unmute-button" @click=${this.unmute}>${icons.muted} ${strings.unmute}</button>`
          : nothing
      }
      ${this.controls && playableStates.includes(view.state) ? controlBar(view, strings) : nothing}
    `;
  }

  /** What the status layer and the control bar show, and their handlers: Lit calls them with the element as `this`. */
  private controlsView(): PlayerControlsView {
    return {
      state: this.state,
      stats: this.statistics.stats,
      muted: this.muted,
      volume: this.volume,
      engine: this.playback.session.engine,
      inPictureInPicture: this.inPictureInPicture,
      fullscreen: document.fullscreenElement === this,
      onPlay: this.play,
      onTogglePlay: this.togglePlay,
      onToggleMute: this.toggleMute,
      onVolumeInput: this.onVolumeInput,
      onGoLive: this.goLive,
      onQualityChange: this.onQualityChange,
      onTogglePictureInPicture: this.togglePictureInPicture,
      onToggleFullscreen: this.toggleFullscreen,
      onRetry: this.load,
    };
  }

  /** The playback changed: render it, and sample it while an engine runs. */
  private changed(): void {
    this.requestUpdate();
    this.statistics.follow();
  }

  /** The element's language (its `lang`, an ancestor's or the document's), else the browser's. */
  private get language(): string {
    return elementLanguage(this) || navigator.language;
  }

  private togglePlay(): void {
    const state = this.state;
    if (state === 'paused' || state === 'ended' || state === 'error') this.play();
    else if (state === 'playing' || state === 'loading' || state === 'reconnecting') this.pause();
  }

  private toggleMute(): void {
    this.muted = !this.muted;
    if (!this.muted && this.volume === 0) this.video!.volume = this.volume = 1;
  }

  private unmute(): void {
    this.muted = false;
  }

  private onVolumeInput(event: Event): void {
    const volume = Number((event.target as HTMLInputElement).value);
    this.video!.volume = volume;
    this.muted = volume === 0;
  }

  private onVolumeChange(): void {
    this.muted = this.video!.muted;
    this.volume = this.video!.volume;
  }

  private onQualityChange(event: Event): void {
    const engine = this.playback.session.engine;
    if (engine) engine.quality = Number((event.target as HTMLSelectElement).value);
  }

  private onPictureInPictureChange(): void {
    this.inPictureInPicture = this.shadowRoot?.pictureInPictureElement === this.video;
  }

  private togglePictureInPicture(): void {
    if (this.inPictureInPicture) void document.exitPictureInPicture();
    else void this.video!.requestPictureInPicture();
  }

  private toggleFullscreen(): void {
    if (document.fullscreenElement === this) void document.exitFullscreen();
    else void this.requestFullscreen();
  }
}

/** Listeners on the element get its own event types (IflsPlayerEventMap); nothing changes at run time. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- types only, see the class
export interface IflsPlayer {
  addEventListener<K extends keyof IflsPlayerEventMap>(
    type: K,
    listener: (this: IflsPlayer, event: IflsPlayerEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof IflsPlayerEventMap>(
    type: K,
    listener: (this: IflsPlayer, event: IflsPlayerEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
