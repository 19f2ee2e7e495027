import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { IflsErrorEvent } from '../events/error-event.js';
import { IflsNetworkStatsEvent } from '../events/network-stats-event.js';
import { IflsNotifyEvent } from '../events/notify-event.js';
import { IflsPushEvent } from '../events/push-event.js';
import { IflsStateChangeEvent } from '../events/state-change-event.js';
import { elementLanguage } from '../internal/element-language.js';
import { Broadcast } from './broadcast.js';
import type { NetworkStats } from './network-stats.js';
import { controlBar, statusRow } from './publisher-controls.js';
import type { PublisherError } from './publisher-error.js';
import type { IflsPublisherEventMap } from './publisher-events.js';
import { stringsFor, type PublisherStrings } from './publisher-strings.js';
import { publisherStyles } from './publisher.styles.js';
import type { PublisherChannel, PublisherState, PublisherVideoCodec } from './publisher-types.js';
import type { JsonValue, SoraPublisher } from './sora-types.js';
import { hasTrack } from './stream-tracks.js';
import { videoCodecAttribute } from './video-codec.js';

/**
 * Broadcasts the camera and microphone (or a page's MediaStream) to an ImageFlux Live Streaming
 * channel over Sora signaling, with a preview, device pickers, mute, screen sharing, a live
 * clock, a network indicator and automatic reconnection.
 *
 * `start()` opens the camera if `preview()` has not, shows it, and goes live; `stop()` ends the
 * broadcast and turns the camera off. Both are safe to call in any state, any number of times.
 *
 * Its words are Japanese where its language is `ja…` and English otherwise: the `lang` of the
 * element or its nearest ancestor (past the shadow roots it sits in), else the document's; read at
 * each render. `strings` replaces any of them.
 *
 * @tag ifls-publisher
 * @summary Live broadcast from a web page to ImageFlux Live Streaming.
 *
 * @fires {IflsStateChangeEvent} ifls-state-change - `state` changed.
 * @fires {IflsErrorEvent} ifls-error - Something failed; `recoverable` false means the element stopped (state `error`).
 * @fires {IflsPushEvent} ifls-push - The server pushed data to the channel (Sora push).
 * @fires {IflsNotifyEvent} ifls-notify - A Sora `notify` message arrived.
 * @fires {IflsNetworkStatsEvent} ifls-network-stats - New uplink figures, about once a second while live.
 *
 * @slot placeholder - Shown instead of the video while no camera is open.
 * @slot - Extra controls, placed at the end of the control bar.
 *
 * @csspart video - The preview `<video>`.
 * @csspart status - The row of badges over the video.
 * @csspart state - The badge naming the state (a live region).
 * @csspart elapsed - The time on air.
 * @csspart network - The network indicator (`data-quality` is good, fair or poor).
 * @csspart controls - The control bar.
 * @csspart preview-button - Opens the camera without going live.
 * @csspart start-button - Goes live.
 * @csspart stop-button - Ends the broadcast, or the preview.
 * @csspart camera-button - Turns the video on and off (`aria-pressed` true when on).
 * @csspart microphone-button - Turns the sound on and off.
 * @csspart screen-button - Shares the screen instead of the camera.
 * @csspart camera-select - The camera picker (shown when there are two cameras or more).
 * @csspart microphone-select - The microphone picker.
 *
 * @cssprop [--ifls-aspect-ratio=16 / 9] - Shape of the video area.
 * @cssprop [--ifls-video-fit=contain] - `object-fit` of the video.
 * @cssprop [--ifls-background=#000] - Behind the video.
 * @cssprop [--ifls-control-background=#111827] - The element's background.
 * @cssprop [--ifls-control-color=#fff] - Text colour.
 * @cssprop [--ifls-font=14px/1.4 system-ui, sans-serif] - Font shorthand.
 * @cssprop [--ifls-radius=8px] - Corner radius.
 * @cssprop [--ifls-button-background=#374151] - Buttons and pickers.
 * @cssprop [--ifls-button-border-color=#6b7280] - Their border.
 * @cssprop [--ifls-accent-color=#2563eb] - The "go live" button.
 * @cssprop [--ifls-live-color=#dc2626] - The live badge and the "end" button.
 * @cssprop [--ifls-focus-color=#93c5fd] - Keyboard focus ring.
 * @cssprop [--ifls-network-good-color=#22c55e] - Network dot, good.
 * @cssprop [--ifls-network-fair-color=#eab308] - Network dot, fair.
 * @cssprop [--ifls-network-poor-color=#ef4444] - Network dot, poor.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the interface below only types addEventListener
export class IflsPublisher extends LitElement {
  static override styles = publisherStyles;

  /** Re-render when the element's own `lang` changes (the language is looked up on every render). */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'lang'];
  }

  /** Sora signaling URL (`sora_url` of CreateChannel). `channel` wins over it. */
  @property({ attribute: 'sora-url' }) soraUrl = '';

  /** The channel to publish to (`channel_id` of CreateChannel). `channel` wins over it. */
  @property({ attribute: 'channel-id' }) channelId = '';

  /** The whole CreateChannel answer, `{ channel_id, sora_url, playlist_url }`, instead of the two attributes. */
  @property({ attribute: false }) channel: PublisherChannel | null = null;

  /**
   * Sent with Sora's `connect` message; the channel's auth webhook receives it (e.g. an access
   * token). `start()` refuses (`invalid-metadata`) what JSON cannot write (a cycle, a BigInt, a
   * function), more than 64 KiB of JSON, and more than 31 levels of objects and arrays.
   */
  @property({ attribute: false }) metadata: JsonValue | undefined = undefined;

  /**
   * H264 (default), VP8, VP9 or AV1, in any case (`vp8` is VP8). When the browser cannot send it,
   * the first it can send of H264, VP8, VP9, AV1 is used instead; `videoCodecInUse` says which.
   * Anything else makes `start()` fail with `invalid-video-codec`.
   */
  @property({ attribute: 'video-codec', converter: videoCodecAttribute }) videoCodec: PublisherVideoCodec = 'H264';

  /** Video bitrate in kbit/s; the server's default when unset. */
  @property({ attribute: 'video-bitrate', type: Number }) videoBitrate: number | undefined = undefined;

  /** Audio bitrate in kbit/s; the server's default when unset. */
  @property({ attribute: 'audio-bitrate', type: Number }) audioBitrate: number | undefined = undefined;

  /** The camera to use (a `deviceId` of `cameras`); the browser's default when empty. Switching it while live keeps the connection. */
  @property({ attribute: 'camera-id' }) cameraId = '';

  /** The microphone to use (a `deviceId` of `microphones`). */
  @property({ attribute: 'microphone-id' }) microphoneId = '';

  /** Camera constraints; `cameraId` is added to them. */
  @property({ attribute: false }) videoConstraints: MediaTrackConstraints = {
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 30 },
  };

  /** Microphone constraints (the browser's defaults: echo cancellation, noise suppression). */
  @property({ attribute: false }) audioConstraints: MediaTrackConstraints = {};

  /**
   * A stream to send instead of the camera: a canvas, a processed video, a screen. Its audio
   * track is sent too; without one, the microphone is. The page keeps ownership: the element
   * sends clones of its tracks and never stops the page's own.
   */
  @property({ attribute: false }) stream: MediaStream | null = null;

  /** Sends silence instead of the microphone (the connection stays). */
  @property({ attribute: 'audio-muted', type: Boolean, reflect: true }) audioMuted = false;

  /** Sends black frames instead of the camera (the connection stays). */
  @property({ attribute: 'video-muted', type: Boolean, reflect: true }) videoMuted = false;

  /** How many times to try to reconnect after the connection is lost before giving up with `connection-failed`; 0 never tries. */
  @property({ attribute: 'reconnect-attempts', type: Number }) reconnectAttempts = 10;

  /** Milliseconds each connection attempt may take. */
  @property({ attribute: 'connect-timeout', type: Number }) connectTimeout = 10_000;

  /** Hides the built-in control bar, for pages that drive the element through its methods. */
  @property({ attribute: 'no-controls', type: Boolean, reflect: true }) noControls = false;

  /** Replaces any of the texts of the element's language. */
  @property({ attribute: false }) strings: Partial<PublisherStrings> = {};

  /** The state, the camera and the connection; this element shows them and fires their events. */
  private readonly broadcast = new Broadcast(this, {
    stateChanged: (state, previous, videoCodec) => {
      this.setAttribute('state', state);
      this.dispatchEvent(new IflsStateChangeEvent(state, previous, videoCodec));
    },
    failed: (error, recoverable) => this.dispatchEvent(new IflsErrorEvent(error.code, error.message, recoverable, error)),
    push: (data) => this.dispatchEvent(new IflsPushEvent(data)),
    notify: (message) => this.dispatchEvent(new IflsNotifyEvent(message)),
    networkStats: (stats) => this.dispatchEvent(new IflsNetworkStatsEvent(stats)),
  });

  /** Reflected as the `state` attribute; see PublisherState. */
  get state(): PublisherState {
    return this.broadcast.state;
  }

  /** Why the element is in state `error`; null otherwise. */
  get error(): PublisherError | null {
    return this.broadcast.error;
  }

  /**
   * The video codec of the broadcast: from `start()` the one asked of the server (`videoCodec`,
   * or the best the browser can send), once live the one the browser reports sending; null when
   * not connecting, live or reconnecting.
   */
  get videoCodecInUse(): PublisherVideoCodec | null {
    return this.broadcast.session.videoCodec;
  }

  /** Sora's id of the live connection; null when not connected. */
  get connectionId(): string | null {
    return this.broadcast.session.connection?.connectionId ?? null;
  }

  /** The sora-js-sdk connection, for what the element does not cover; null when not connected. */
  get connection(): SoraPublisher | null {
    return this.broadcast.session.connection;
  }

  /** The tracks being previewed and sent (owned by the element); null when no camera is open. */
  get localStream(): MediaStream | null {
    return this.broadcast.camera.stream;
  }

  /** The cameras of this machine (their `deviceId`s are what `cameraId` takes), kept current on `devicechange`; unnamed until a device was opened. */
  get cameras(): MediaDeviceInfo[] {
    return this.broadcast.devices.cameras;
  }

  /** The microphones of this machine (their `deviceId`s are what `microphoneId` takes), kept current on `devicechange`. */
  get microphones(): MediaDeviceInfo[] {
    return this.broadcast.devices.microphones;
  }

  /** Whether the screen is being sent instead of the camera (`startScreenShare()`). */
  get screenSharing(): boolean {
    return this.broadcast.camera.screenSharing;
  }

  /** The latest uplink figures while live; null otherwise. */
  get networkStats(): NetworkStats | null {
    return this.broadcast.stats.value;
  }

  /** Seconds on air since `live`, reconnections included. */
  get elapsedSeconds(): number {
    return this.broadcast.clock.elapsedSeconds;
  }

  /** While `reconnecting`: which attempt (1 … `reconnectAttempts`). */
  get reconnectAttempt(): number {
    return this.broadcast.session.reconnectAttempt;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('state', this.state);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Moving the element (removed and inserted again in the same task) keeps the broadcast;
    // removing it turns the camera off and disconnects.
    queueMicrotask(() => {
      if (!this.isConnected) void this.stop();
    });
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('audioMuted')) this.broadcast.camera.setMuted('audio', this.audioMuted);
    if (changed.has('videoMuted')) this.broadcast.camera.setMuted('video', this.videoMuted);
    // Before the first render nothing is open: the camera reads the settings when it opens.
    if (!this.hasUpdated) return;
    if (changed.has('stream') || changed.has('cameraId') || changed.has('videoConstraints')) this.broadcast.switchTrack('video');
    const audioSourceChanged = changed.has('stream') && (hasTrack(changed.get('stream'), 'audio') || hasTrack(this.stream, 'audio'));
    if (audioSourceChanged || changed.has('microphoneId') || changed.has('audioConstraints')) this.broadcast.switchTrack('audio');
  }

  /** Opens the camera and shows it without going live. Does nothing once open or live. */
  preview(): Promise<void> {
    return this.broadcast.preview();
  }

  /**
   * Goes live: opens the camera unless open, connects, and resolves once live or once the
   * attempt is over (`error`, or `stop()` called). Never rejects: failures are `ifls-error`
   * events and the `error` state. Does nothing while connecting, live or reconnecting.
   */
  start(): Promise<void> {
    return this.broadcast.start();
  }

  /**
   * Ends the broadcast (state `ended`) or the preview (state `idle`), turns the camera off, and
   * resolves once disconnected. Wins over a start() still connecting.
   */
  stop(): Promise<void> {
    return this.broadcast.stop();
  }

  /** Sends the screen instead of the camera (the browser asks which); when the share ends, the camera comes back. */
  startScreenShare(): Promise<void> {
    return this.broadcast.startScreenShare();
  }

  /** Sends the camera (or the page's `stream`) again instead of the screen. */
  stopScreenShare(): Promise<void> {
    return this.broadcast.stopScreenShare();
  }

  override render(): TemplateResult {
    const text: PublisherStrings = { ...stringsFor(elementLanguage(this)), ...this.strings };
    const open = this.localStream !== null;
    return html`
      <div class="stage">
        <video
          part="video"
          aria-label=${text.video}
          ?hidden=${!open}
          .srcObject=${this.broadcast.camera.preview}
          autoplay
          muted
          playsinline
        ></video>
        <slot name="placeholder" ?hidden=${open}></slot>
        ${statusRow(this, text)}
      </div>
      ${controlBar(this, text)}
    `;
  }
}

/** Listeners on the element get its own event types (IflsPublisherEventMap); nothing changes at run time. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- types only, see the class
export interface IflsPublisher {
  addEventListener<K extends keyof IflsPublisherEventMap>(
    type: K,
    listener: (this: IflsPublisher, event: IflsPublisherEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof IflsPublisherEventMap>(
    type: K,
    listener: (this: IflsPublisher, event: IflsPublisherEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
