import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { elementLanguage } from '../internal/element-language.js';
import type { PlaybackPreference } from './choose-playback.js';
import { isBehindLive } from './playback-engine.js';
import { PlaybackController } from './playback-controller.js';
import { playerStrings, type PlayerStrings } from './player-strings.js';
import type { PlayerChannel, PlayerState, PlayerStats } from './player-types.js';
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
export class IflsPlayer extends LitElement {
  static override styles = playerStyles;

  @query('video') private readonly videoElement!: HTMLVideoElement;

  @state() private volume = 1;
  @state() private inPictureInPicture = false;

  /** The playlist to play (`playlist_url` of CreateChannel). Takes precedence over `channel`. */
  @property() src?: string;

  /** The CreateChannel answer (`{channel_id, sora_url, playlist_url}`); the player plays its `playlist_url`. */
  @property({ attribute: false }) channel?: PlayerChannel;

  /**
   * Seconds from the live edge to start at and hold, negative (e.g. `-2`); without it the
   * playlist's `EXT-X-START` (the channel's `startTimeOffset`) decides. So it does when the
   * attribute is removed, empty or not a number (`"abc"`), or the property is not a finite number.
   */
  @property({ attribute: 'start-time-offset', converter: { fromAttribute: pageStartOffset } }) startTimeOffset?: number;

  /** Play as soon as the broadcast is on; muted (with an unmute button) if the browser insists. */
  @property({ type: Boolean }) autoplay = false;

  /** Muted; follows the viewer's mute button and the unmute offer, and the attribute follows it. */
  @property({ type: Boolean, reflect: true }) muted = false;

  /** Show the control bar. */
  @property({ type: Boolean }) controls = false;

  /** Image shown before the first frame and while waiting. */
  @property() poster?: string;

  /** `mse` (hls.js) or `native` (the browser's own HLS, where it has one); by default MSE where it exists. */
  @property({ attribute: 'prefer-playback' }) preferPlayback?: PlaybackPreference;

  /** URL of hls.js's `hls.worker.js` to transmux in a worker (`worker-src 'self'`); main thread without it. */
  @property({ attribute: 'worker-path' }) workerPath?: string;

  /** After a broadcast ends, wait for the next one on the same playlist instead of stopping. */
  @property({ attribute: 'wait-for-next', type: Boolean }) waitForNext = false;

  /**
   * Replaces any of the texts of the element's language (`{ waiting: 'Back at 9 pm' }`); the others
   * stay. Assign a new object to change them.
   */
  @property({ attribute: false }) strings: Partial<PlayerStrings> = {};

  private readonly playback = new PlaybackController(this, () => this.videoElement);
  private readonly statistics = new StatsController(this, this.playback, () => this.videoElement);

  constructor() {
    super();
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
    return this.playback.state;
  }

  /** Seconds behind the live edge; null when unknown. */
  get latency(): number | null {
    return this.playback.engine?.latency ?? null;
  }

  /** The `<video>`, for what the element does not offer (captions tracks, media sessions…). */
  get video(): HTMLVideoElement | null {
    return this.videoElement ?? null;
  }

  /** Plays; when paused far behind the live edge, from the live edge. Before the broadcast starts, plays when it does. */
  play(): void {
    this.playback.play();
  }

  pause(): void {
    this.playback.pause();
  }

  /** Returns to the configured distance from the live edge. */
  goLive(): void {
    this.playback.goLive();
  }

  /** Starts over: looks at the playlist again and restarts playback. */
  load(): void {
    this.playback.reload();
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.playback.autoplay = this.autoplay;
    this.playback.waitForNext = this.waitForNext;
    if (sourceProperties.some((name) => changed.has(name))) {
      const url = this.src ?? this.channel?.playlist_url;
      this.playback.load(
        url === undefined || url === ''
          ? undefined
          : {
              url,
              startTimeOffset: pageStartOffset(this.startTimeOffset),
              preference: this.preferPlayback,
              workerPath: this.workerPath,
            },
      );
    }
  }

  protected override render(): TemplateResult {
    const strings = { ...playerStrings(this.language), ...this.strings };
    const { state, mutedByAutoplay } = this.playback;
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
      <div part="status" role="status">${this.renderStatus(state, strings)}</div>
      ${mutedByAutoplay
        ? html`<button part="unmute-button" @click=${this.unmute}>${icons.muted} ${strings.unmute}</button>`
        : nothing}
      ${this.controls && playableStates.includes(state) ? this.renderControls(state, strings) : nothing}
    `;
  }

  private renderStatus(state: PlayerState, strings: PlayerStrings): TemplateResult | typeof nothing {
    switch (state) {
      case 'waiting':
        return html`<slot name="waiting"><p part="message" class="message">${strings.waiting}</p></slot>`;
      case 'ended':
        return html`<slot name="ended"><p part="message" class="message">${strings.ended}</p></slot>`;
      case 'error':
        return html`<slot name="error">
          <div part="message" class="message">
            ${strings.error}<button @click=${this.load}>${strings.retry}</button>
          </div>
        </slot>`;
      case 'reconnecting':
        return html`<p part="message" class="message">${strings.reconnecting}</p>`;
      case 'loading':
        return html`<div part="spinner" class="spinner" role="img" aria-label=${strings.loading}></div>`;
      case 'paused':
        return html`<button part="play-button" class="large" aria-label=${strings.play} @click=${this.play}>
          ${icons.play}
        </button>`;
      default:
        return nothing;
    }
  }

  private renderControls(state: PlayerState, strings: PlayerStrings): TemplateResult {
    const playing = state === 'playing' || state === 'loading' || state === 'reconnecting';
    const stats = this.statistics.stats;
    const behind = stats !== null && isBehindLive(stats);
    const engine = this.playback.engine;
    const qualities = engine?.qualities ?? [];
    const fullscreen = document.fullscreenElement === this;
    return html`
      <div part="controls" role="group" aria-label=${strings.controls}>
        <button part="play-button" aria-label=${playing ? strings.pause : strings.play} @click=${this.togglePlay}>
          ${playing ? icons.pause : icons.play}
        </button>
        <button part="mute-button" aria-label=${this.muted ? strings.unmute : strings.mute} @click=${this.toggleMute}>
          ${this.muted || this.volume === 0 ? icons.muted : icons.volume}
        </button>
        <input
          part="volume"
          type="range"
          min="0"
          max="1"
          step="0.05"
          aria-label=${strings.volume}
          .value=${String(this.muted ? 0 : this.volume)}
          @input=${this.onVolumeInput}
        />
        ${engine
          ? html`<button part="live-badge" class=${behind ? 'behind' : 'live'} @click=${this.goLive}>
              ${behind ? strings.goLive : strings.live}
            </button>`
          : nothing}
        ${stats?.latency != null
          ? html`<span part="latency"
              ><span class="visually-hidden">${strings.latency}</span> ${stats.latency.toFixed(1)} s${movedBack(stats)
                ? ` → ${stats.targetLatency!.toFixed(1)} s`
                : nothing}</span
            >`
          : nothing}
        <span class="spacer"></span>
        ${qualities.length > 1
          ? html`<select part="quality" aria-label=${strings.quality} @change=${this.onQualityChange}>
              <option value="-1" ?selected=${engine!.quality === -1}>${strings.auto}</option>
              ${qualities
                .map((quality, index) => ({ ...quality, index }))
                .sort((a, b) => b.bitrate - a.bitrate)
                .map(
                  ({ height, bitrate, index }) =>
                    html`<option value=${index} ?selected=${engine!.quality === index}>
                      ${height ? `${height}p` : `${Math.round(bitrate / 1000)} kbps`}
                    </option>`,
                )}
            </select>`
          : nothing}
        ${document.pictureInPictureEnabled
          ? html`<button
              part="pip-button"
              aria-label=${this.inPictureInPicture ? strings.exitPictureInPicture : strings.pictureInPicture}
              @click=${this.togglePictureInPicture}
            >
              ${icons.pictureInPicture}
            </button>`
          : nothing}
        ${document.fullscreenEnabled
          ? html`<button
              part="fullscreen-button"
              aria-label=${fullscreen ? strings.exitFullscreen : strings.fullscreen}
              @click=${this.toggleFullscreen}
            >
              ${fullscreen ? icons.exitFullscreen : icons.fullscreen}
            </button>`
          : nothing}
      </div>
    `;
  }

  /** The element's language (its `lang`, an ancestor's or the document's), else the browser's. */
  private get language(): string {
    return elementLanguage(this) || navigator.language;
  }

  private readonly togglePlay = () => {
    const state = this.state;
    if (state === 'paused' || state === 'ended' || state === 'error') this.play();
    else if (state === 'playing' || state === 'loading' || state === 'reconnecting') this.pause();
  };

  private readonly toggleMute = () => {
    this.muted = !this.muted;
    if (!this.muted && this.volume === 0) this.videoElement.volume = this.volume = 1;
  };

  private readonly unmute = () => {
    this.muted = false;
  };

  private readonly onVolumeInput = (event: Event) => {
    const volume = Number((event.target as HTMLInputElement).value);
    this.videoElement.volume = volume;
    this.muted = volume === 0;
  };

  private readonly onVolumeChange = () => {
    this.muted = this.videoElement.muted;
    this.volume = this.videoElement.volume;
  };

  private readonly onQualityChange = (event: Event) => {
    const engine = this.playback.engine;
    if (engine) engine.quality = Number((event.target as HTMLSelectElement).value);
  };

  private readonly onPictureInPictureChange = () => {
    this.inPictureInPicture = this.shadowRoot?.pictureInPictureElement === this.videoElement;
  };

  private readonly togglePictureInPicture = () => {
    if (this.inPictureInPicture) void document.exitPictureInPicture();
    else void this.videoElement.requestPictureInPicture();
  };

  private readonly toggleFullscreen = () => {
    if (document.fullscreenElement === this) void document.exitFullscreen();
    else void this.requestFullscreen();
  };
}

/**
 * The player holds more latency than asked for, because the network cannot carry less: the readout
 * shows the target it moves to (`2.4 s → 3.1 s`).
 */
function movedBack({ targetLatency, requestedLatency }: PlayerStats): boolean {
  return targetLatency !== null && requestedLatency !== null && targetLatency > requestedLatency + 0.05;
}

/** States with something to control; waiting, ended and error screens show no control bar. */
const playableStates: PlayerState[] = ['loading', 'playing', 'paused', 'reconnecting'];

/** The properties that decide what is played; a change of any starts over. */
const sourceProperties = ['src', 'channel', 'startTimeOffset', 'preferPlayback', 'workerPath'] as const;

const icon = (path: string) => svg`<svg viewBox="0 0 24 24" aria-hidden="true"><path d=${path} /></svg>`;

const icons = {
  play: icon('M8 5v14l11-7z'),
  pause: icon('M6 5h4v14H6zm8 0h4v14h-4z'),
  volume: icon('M3 9v6h4l5 5V4L7 9zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4'),
  muted: icon('M3 9v6h4l5 5V4L7 9zm13.6 3 2.7-2.7-1.4-1.4-2.7 2.7-2.7-2.7-1.4 1.4 2.7 2.7-2.7 2.7 1.4 1.4 2.7-2.7 2.7 2.7 1.4-1.4z'),
  pictureInPicture: icon('M19 11h-8v6h8zm2-8H3a2 2 0 0 0-2 2v14c0 1.1.9 2 2 2h18a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2m0 16H3V5h18z'),
  fullscreen: icon('M5 5h5v2H7v3H5zm9 0h5v5h-2V7h-3zM5 14h2v3h3v2H5zm12 0h2v5h-5v-2h3z'),
  exitFullscreen: icon('M8 5h2v5H5V8h3zm6 0h2v3h3v2h-5zM5 14h5v5H8v-3H5zm9 0h5v2h-3v3h-2z'),
};
