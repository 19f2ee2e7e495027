import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { IflsErrorEvent } from '../events/error-event.js';
import { IflsNetworkStatsEvent } from '../events/network-stats-event.js';
import { IflsNotifyEvent } from '../events/notify-event.js';
import { IflsPushEvent } from '../events/push-event.js';
import { IflsStateChangeEvent } from '../events/state-change-event.js';
import { elementLanguage } from '../internal/element-language.js';
import { browserProblem } from './browser-support.js';
import { CameraController } from './camera-controller.js';
import { DeviceListController } from './device-list-controller.js';
import { LiveClockController } from './live-clock-controller.js';
import { metadataProblem } from './metadata.js';
import type { NetworkStats } from './network-stats.js';
import { NetworkStatsController } from './network-stats-controller.js';
import { mediaError, PublisherError } from './publisher-error.js';
import { stringsFor, type PublisherStrings } from './publisher-strings.js';
import { publisherStyles } from './publisher.styles.js';
import type { PublisherChannel, PublisherState, PublisherVideoCodec } from './publisher-types.js';
import { SoraSessionController, type SessionTarget } from './sora-session-controller.js';
import type { JsonValue, SoraNotifyMessage, SoraPublisher } from './sora-types.js';
import { chooseVideoCodec, sendableVideoCodecs, videoCodecAttribute, videoCodecNamed } from './video-codec.js';

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

  #state: PublisherState = 'idle';
  #error: PublisherError | null = null;
  /** Bumped by every preview(), start() and stop(): work of an older call sees it and stands down. */
  #call = 0;

  private readonly session = new SoraSessionController(this, {
    live: () => this.onLive(),
    reconnecting: () => {
      this.stats.stop();
      this.setState('reconnecting');
    },
    ended: () => {
      this.release();
      this.setState('ended');
    },
    failed: (error) => this.fail(error),
    push: (data) => this.dispatchEvent(new IflsPushEvent(data)),
    notify: (message) => this.onNotify(message),
  });

  private readonly camera = new CameraController(this, {
    settings: () => ({
      stream: this.stream,
      cameraId: this.cameraId,
      microphoneId: this.microphoneId,
      videoConstraints: this.videoConstraints,
      audioConstraints: this.audioConstraints,
    }),
    replaceSentTrack: (stream, track) => this.session.replaceTrack(stream, track),
    error: (error) => this.report(error),
  });

  private readonly devices = new DeviceListController(this);
  private readonly clock = new LiveClockController(this);
  private readonly stats = new NetworkStatsController(
    this,
    () => this.session.connection?.pc,
    (stats) => this.dispatchEvent(new IflsNetworkStatsEvent(stats)),
  );

  /** Reflected as the `state` attribute; see PublisherState. */
  get state(): PublisherState {
    return this.#state;
  }

  /** Why the element is in state `error`; null otherwise. */
  get error(): PublisherError | null {
    return this.#error;
  }

  /**
   * The video codec of the broadcast: from `start()` the one asked of the server (`videoCodec`,
   * or the best the browser can send), once live the one the browser reports sending; null when
   * not connecting, live or reconnecting.
   */
  get videoCodecInUse(): PublisherVideoCodec | null {
    return this.session.videoCodec;
  }

  /** Sora's id of the live connection; null when not connected. */
  get connectionId(): string | null {
    return this.session.connection?.connectionId ?? null;
  }

  /** The sora-js-sdk connection, for what the element does not cover; null when not connected. */
  get connection(): SoraPublisher | null {
    return this.session.connection;
  }

  /** The tracks being previewed and sent (owned by the element); null when no camera is open. */
  get localStream(): MediaStream | null {
    return this.camera.stream;
  }

  get cameras(): MediaDeviceInfo[] {
    return this.devices.cameras;
  }

  get microphones(): MediaDeviceInfo[] {
    return this.devices.microphones;
  }

  get screenSharing(): boolean {
    return this.camera.screenSharing;
  }

  /** The latest uplink figures while live; null otherwise. */
  get networkStats(): NetworkStats | null {
    return this.stats.value;
  }

  /** Seconds on air since `live`, reconnections included. */
  get elapsedSeconds(): number {
    return this.clock.elapsedSeconds;
  }

  /** While `reconnecting`: which attempt (1 … `reconnectAttempts`). */
  get reconnectAttempt(): number {
    return this.session.reconnectAttempt;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('state', this.#state);
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
    if (changed.has('audioMuted')) this.camera.setMuted('audio', this.audioMuted);
    if (changed.has('videoMuted')) this.camera.setMuted('video', this.videoMuted);
    // Before the first render nothing is open: the camera reads the settings when it opens.
    if (!this.hasUpdated) return;
    if (changed.has('stream') || changed.has('cameraId') || changed.has('videoConstraints')) this.switchTrack('video');
    const audioSourceChanged = changed.has('stream') && (hasAudio(changed.get('stream')) || hasAudio(this.stream));
    if (audioSourceChanged || changed.has('microphoneId') || changed.has('audioConstraints')) this.switchTrack('audio');
  }

  /** Opens the camera and shows it without going live. Does nothing once open or live. */
  async preview(): Promise<void> {
    if (this.#state !== 'idle' && this.#state !== 'ended' && this.#state !== 'error') return;
    const call = ++this.#call;
    if (this.failsOnBrowser()) return;
    this.#error = null;
    this.setState('previewing');
    await this.openMedia(call);
  }

  /**
   * Goes live: opens the camera unless open, connects, and resolves once live or once the
   * attempt is over (`error`, or `stop()` called). Never rejects: failures are `ifls-error`
   * events and the `error` state. Does nothing while connecting, live or reconnecting.
   */
  async start(): Promise<void> {
    if (this.isOnAir) return;
    const call = ++this.#call;
    // The page's own mistakes first, before what the browser lacks: its author sees them in every browser.
    const requested = videoCodecNamed(this.videoCodec);
    if (requested === null) {
      const codec = String(this.videoCodec);
      this.fail(new PublisherError('invalid-video-codec', `video-codec "${codec}" is none of H264, VP8, VP9 and AV1.`, undefined, { codec }));
      return;
    }
    const badMetadata = metadataProblem(this.metadata);
    if (badMetadata !== null) {
      this.fail(badMetadata);
      return;
    }
    if (this.failsOnBrowser()) return;
    const videoCodec = chooseVideoCodec(requested, sendableVideoCodecs(globalThis.RTCRtpSender?.getCapabilities?.('video')));
    if (videoCodec === null) {
      this.fail(new PublisherError('codec-unsupported', 'This browser can send none of H264, VP8, VP9 and AV1.', undefined, { codec: requested }));
      return;
    }
    const target = this.sessionTarget(videoCodec);
    if (target === null) {
      this.fail(new PublisherError('no-channel', 'Set sora-url and channel-id, or channel, before start().'));
      return;
    }
    this.#error = null;
    this.setState('connecting');
    // With the preview already open, signaling starts before any await: nothing (not even the
    // render of `connecting`) stands between start() and the WebSocket.
    if (this.camera.stream === null && (!(await this.openMedia(call)) || call !== this.#call)) return;
    await this.session.open(target, this.camera.stream!);
  }

  /**
   * Ends the broadcast (state `ended`) or the preview (state `idle`), turns the camera off, and
   * resolves once disconnected. Wins over a start() still connecting.
   */
  async stop(): Promise<void> {
    this.#call += 1;
    const wasOnAir = this.isOnAir;
    const disconnected = this.session.close();
    this.release();
    if (wasOnAir) this.setState('ended');
    else if (this.#state === 'previewing') this.setState('idle');
    await disconnected;
  }

  /** Sends the screen instead of the camera (the browser asks which); when the share ends, the camera comes back. */
  async startScreenShare(): Promise<void> {
    await this.camera.startScreenShare().catch((error: unknown) => this.report(error));
  }

  async stopScreenShare(): Promise<void> {
    await this.camera.stopScreenShare().catch((error: unknown) => this.report(error));
  }

  /**
   * Stops in `error` when this browser cannot broadcast at all (no WebRTC, no camera access, not
   * a secure context): before the camera opens and before any network traffic.
   */
  private failsOnBrowser(): boolean {
    const needsCamera = !hasVideo(this.stream) || !hasAudio(this.stream);
    const problem = browserProblem(globalThis, needsCamera);
    if (problem !== null) this.fail(problem);
    return problem !== null;
  }

  private get isOnAir(): boolean {
    return this.#state === 'connecting' || this.#state === 'live' || this.#state === 'reconnecting';
  }

  private async openMedia(call: number): Promise<boolean> {
    try {
      const opened = await this.camera.open();
      if (opened && this.devices.lacksLabels) void this.devices.refresh(); // labels come once a device is open
      return opened;
    } catch (error) {
      if (call === this.#call) this.fail(error);
      return false;
    }
  }

  private switchTrack(kind: 'audio' | 'video'): void {
    this.camera.reload(kind).catch((error: unknown) => this.report(error));
  }

  private sessionTarget(videoCodec: PublisherVideoCodec): SessionTarget | null {
    const soraUrl = this.channel?.sora_url ?? this.soraUrl;
    const channelId = this.channel?.channel_id ?? this.channelId;
    if (!soraUrl || !channelId) return null;
    return {
      soraUrl,
      channelId,
      metadata: this.metadata,
      videoCodec,
      options: {
        audioCodecType: 'OPUS',
        ...(positive(this.videoBitrate) ? { videoBitRate: this.videoBitrate } : {}),
        ...(positive(this.audioBitrate) ? { audioBitRate: this.audioBitrate } : {}),
      },
      connectTimeoutMs: this.connectTimeout,
      reconnectAttempts: this.reconnectAttempts,
    };
  }

  private onLive(): void {
    this.setState('live');
    this.stats.start();
    this.clock.start();
  }

  private onNotify(message: SoraNotifyMessage): void {
    if (message.event_type === 'network.status' && typeof message.unstable_level === 'number') {
      this.stats.noteUnstableLevel(message.unstable_level);
    }
    this.dispatchEvent(new IflsNotifyEvent(message));
  }

  /** Turns the camera off and stops the figures; the session is closed by the caller. */
  private release(): void {
    this.camera.close();
    this.stats.stop();
    this.clock.stop();
  }

  /** Stops everything on an error the element cannot get past. */
  private fail(error: unknown): void {
    const failure = mediaError(error);
    void this.session.close();
    this.release();
    this.#error = failure;
    this.requestUpdate(); // a new error while already in `error` changes the text too
    this.setState('error');
    this.dispatchEvent(new IflsErrorEvent(failure.code, failure.message, false, failure));
  }

  /** An error the broadcast survives (a device switch that failed). */
  private report(error: unknown): void {
    const failure = mediaError(error);
    this.dispatchEvent(new IflsErrorEvent(failure.code, failure.message, true, failure));
  }

  private setState(state: PublisherState): void {
    const previous = this.#state;
    if (state === previous) return;
    this.#state = state;
    this.setAttribute('state', state);
    this.requestUpdate();
    this.dispatchEvent(new IflsStateChangeEvent(state, previous, this.session.videoCodec ?? undefined));
  }

  private get text(): PublisherStrings {
    return { ...stringsFor(elementLanguage(this)), ...this.strings };
  }

  override render(): TemplateResult {
    const text = this.text;
    const state = this.#state;
    const open = this.camera.stream !== null;
    return html`
      <div class="stage">
        <video
          part="video"
          aria-label=${text.video}
          ?hidden=${!open}
          .srcObject=${this.camera.preview}
          autoplay
          muted
          playsinline
        ></video>
        <slot name="placeholder" ?hidden=${open}></slot>
        <div part="status">
          <span part="state" role="status">${this.statusText(text)}</span>
          ${state === 'live' ? html`<span part="elapsed">${formatElapsed(this.clock.elapsedSeconds)}</span>` : nothing}
          ${this.networkBadge(text)}
        </div>
      </div>
      <div part="controls">
        ${this.isOnAir || state === 'previewing'
          ? html`${state === 'previewing' ? this.startButton(text) : nothing}
              <button part="stop-button" @click=${this.stop}>
                ${state === 'previewing' ? text.stopPreview : text.stop}
              </button>`
          : html`<button part="preview-button" @click=${this.preview}>${text.preview}</button>${this.startButton(text)}`}
        ${open ? this.mediaControls(text) : nothing}
        <slot></slot>
      </div>
    `;
  }

  private startButton(text: PublisherStrings): TemplateResult {
    return html`<button part="start-button" @click=${this.start}>${text.start}</button>`;
  }

  private mediaControls(text: PublisherStrings): TemplateResult {
    const canShareScreen = typeof navigator.mediaDevices?.getDisplayMedia === 'function';
    const sharing = this.camera.screenSharing;
    const cameraInUse = !sharing && !hasVideo(this.stream);
    const microphoneInUse = !hasAudio(this.stream);
    return html`
      <button part="camera-button" aria-pressed=${String(!this.videoMuted)} @click=${() => (this.videoMuted = !this.videoMuted)}>
        ${text.camera}
      </button>
      <button part="microphone-button" aria-pressed=${String(!this.audioMuted)} @click=${() => (this.audioMuted = !this.audioMuted)}>
        ${text.microphone}
      </button>
      ${canShareScreen
        ? html`<button
            part="screen-button"
            aria-pressed=${String(sharing)}
            @click=${sharing ? this.stopScreenShare : this.startScreenShare}
          >
            ${text.shareScreen}
          </button>`
        : nothing}
      ${cameraInUse ? this.devicePicker('camera-select', text.camera, this.devices.cameras, 'video') : nothing}
      ${microphoneInUse ? this.devicePicker('microphone-select', text.microphone, this.devices.microphones, 'audio') : nothing}
    `;
  }

  private devicePicker(part: string, label: string, devices: MediaDeviceInfo[], kind: 'audio' | 'video'): TemplateResult | typeof nothing {
    if (devices.length < 2) return nothing;
    const current = this.camera.deviceId(kind);
    const pick = (event: Event) => {
      const deviceId = (event.target as HTMLSelectElement).value;
      if (kind === 'video') this.cameraId = deviceId;
      else this.microphoneId = deviceId;
    };
    return html`
      <select part=${part} aria-label=${label} @change=${pick}>
        ${devices.map(
          (device, index) =>
            html`<option value=${device.deviceId} .selected=${device.deviceId === current}>
              ${device.label || `${label} ${index + 1}`}
            </option>`,
        )}
      </select>
    `;
  }

  private statusText(text: PublisherStrings): string {
    switch (this.#state) {
      case 'reconnecting':
        return text.reconnecting.replace('{n}', String(this.session.reconnectAttempt)).replace('{max}', String(this.reconnectAttempts));
      case 'error': {
        const error = this.#error;
        if (error === null) return '';
        const message = (text.errors[error.code] ?? error.message).replace('{codec}', error.codec ?? ''); // `strings` may predate a code
        return error.reason ? `${message} (${error.reason})` : message;
      }
      default:
        return text.states[this.#state];
    }
  }

  private networkBadge(text: PublisherStrings): TemplateResult | typeof nothing {
    const stats = this.stats.value;
    if (stats === null || this.#state !== 'live') return nothing;
    const bitrate = stats.bitrateKbps >= 1000 ? `${(stats.bitrateKbps / 1000).toFixed(1)} Mbps` : `${stats.bitrateKbps} kbps`;
    const summary = text.networkSummary
      .replace('{bitrate}', bitrate)
      .replace('{loss}', stats.packetLoss === null ? '–' : `${(stats.packetLoss * 100).toFixed(1)}%`)
      .replace('{rtt}', stats.roundTripTimeMs === null ? '–' : `${stats.roundTripTimeMs} ms`);
    return html`<span part="network" data-quality=${stats.quality} title=${text.network}>${summary}</span>`;
  }
}

function hasAudio(stream: unknown): boolean {
  return stream instanceof MediaStream && stream.getAudioTracks().length > 0;
}

function hasVideo(stream: unknown): boolean {
  return stream instanceof MediaStream && stream.getVideoTracks().length > 0;
}

function positive(value: number | undefined): value is number {
  return typeof value === 'number' && value > 0;
}

/** 0:05, 12:34, 1:02:03 */
function formatElapsed(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor(seconds / 60) % 60;
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
