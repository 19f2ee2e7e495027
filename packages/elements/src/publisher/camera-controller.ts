import type { ReactiveControllerHost } from 'lit';
import { browserProblem } from './browser-support.js';
import { mediaError, type PublisherError } from './publisher-error.js';

type Kind = 'audio' | 'video';

/** What to capture, read each time a track is opened. */
export interface MediaSettings {
  /** The page's stream: its video, and its audio if it has some, are sent instead of the camera and microphone. */
  stream: MediaStream | null;
  cameraId: string;
  microphoneId: string;
  videoConstraints: MediaTrackConstraints;
  audioConstraints: MediaTrackConstraints;
}

export interface CameraOptions {
  settings(): MediaSettings;
  /** Sends `track` in place of the stream's track of its kind; false when not live (the controller swaps it locally). */
  replaceSentTrack(stream: MediaStream, track: MediaStreamTrack): Promise<boolean>;
  /** A problem the element survives: a device lost while open that could not be replaced. */
  error(error: PublisherError): void;
}

/**
 * Owns the local media: the camera and microphone (or clones of the page's tracks), screen
 * sharing, switching, muting, and stopping. Every track in `stream` belongs to this controller,
 * so stopping them never stops a track of the page.
 */
export class CameraController {
  /** At most one video and one audio track: what the element previews and publishes. */
  stream: MediaStream | null = null;
  /** The video alone, in a new MediaStream whenever it changes, so that the <video> follows every switch. */
  preview: MediaStream | null = null;
  screenSharing = false;
  #opening: Promise<boolean> | null = null;
  /** Bumped by `close()`: captures that finish after it are stopped and dropped. */
  #generation = 0;
  /** Numbers the switches of each kind, so that the last one asked for wins when they overlap. */
  readonly #switches = { audio: 0, video: 0 };
  readonly #muted = { audio: false, video: false };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: CameraOptions,
  ) {}

  /** Opens the media unless open. False when `close()` came first. Throws a PublisherError. */
  open(): Promise<boolean> {
    if (this.stream !== null) return Promise.resolve(true);
    if (this.#opening === null) {
      const opening = this.openStream().finally(() => {
        if (this.#opening === opening) this.#opening = null;
      });
      this.#opening = opening;
    }
    return this.#opening;
  }

  /** Stops every track. Whatever is being opened or switched is stopped as soon as it arrives. */
  close(): void {
    this.#generation += 1;
    this.#opening = null;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.preview = null;
    this.screenSharing = false;
    this.host.requestUpdate();
  }

  /** Switches the track of `kind` to what the settings say now (another device, the page's stream). */
  async reload(kind: Kind, anyDevice = false): Promise<void> {
    await this.#opening?.catch(() => {});
    // While sharing, the camera is not needed; the new settings apply when the share ends.
    if (this.stream === null || (kind === 'video' && this.screenSharing)) return;
    const ticket = this.ticket(kind);
    const [track] = await this.capture([kind], anyDevice);
    if (track !== undefined) await this.install(track, ticket);
  }

  /** Sends the screen (the browser asks the user which) instead of the camera, until `stopScreenShare()`. */
  async startScreenShare(): Promise<void> {
    if (this.stream === null || this.screenSharing) return;
    const ticket = this.ticket('video');
    let track: MediaStreamTrack | undefined;
    try {
      [track] = (await navigator.mediaDevices.getDisplayMedia({ video: true })).getVideoTracks();
    } catch (error) {
      if ((error as Error).name === 'NotAllowedError') return; // the user cancelled the picker
      throw mediaError(error);
    }
    if (track === undefined) return;
    if (!this.isCurrent(ticket)) {
      track.stop();
      return;
    }
    track.contentHint = 'detail'; // keep text sharp: the encoder lowers the frame rate before the resolution
    this.screenSharing = true;
    await this.install(track, ticket);
  }

  /** Goes back to the camera (or the page's stream). */
  async stopScreenShare(): Promise<void> {
    if (!this.screenSharing) return;
    this.screenSharing = false;
    await this.reload('video');
  }

  setMuted(kind: Kind, muted: boolean): void {
    this.#muted[kind] = muted;
    for (const track of this.stream?.getTracks() ?? []) if (track.kind === kind) track.enabled = !muted;
  }

  /** The device id of the track of `kind` in use, '' when none. */
  deviceId(kind: Kind): string {
    const track = this.stream?.getTracks().find((candidate) => candidate.kind === kind);
    return track?.getSettings().deviceId ?? '';
  }

  private async openStream(): Promise<boolean> {
    const generation = this.#generation;
    let tracks: MediaStreamTrack[];
    try {
      tracks = await this.capture(['video', 'audio']);
    } catch (error) {
      if (generation !== this.#generation) return false; // closed meanwhile: the failure no longer matters
      throw error;
    }
    if (generation !== this.#generation) {
      for (const track of tracks) track.stop();
      return false;
    }
    this.stream = new MediaStream();
    for (const track of tracks) this.adopt(track);
    this.showPreview();
    return true;
  }

  /** Opens one track per kind: a clone of the page's track when it has one, else a device. */
  private async capture(kinds: Kind[], anyDevice = false): Promise<MediaStreamTrack[]> {
    const settings = this.options.settings();
    const tracks: MediaStreamTrack[] = [];
    const fromDevices: MediaStreamConstraints = {};
    for (const kind of kinds) {
      const supplied = settings.stream?.getTracks().find((track) => track.kind === kind && track.readyState === 'live');
      if (supplied !== undefined) tracks.push(supplied.clone());
      else fromDevices[kind] = constraintsFor(kind, settings, anyDevice);
    }
    if (fromDevices.audio === undefined && fromDevices.video === undefined) return tracks;
    const problem = browserProblem(globalThis, true);
    if (problem !== null) throw problem;
    try {
      const captured = await navigator.mediaDevices.getUserMedia(fromDevices);
      return [...tracks, ...captured.getTracks()];
    } catch (error) {
      for (const track of tracks) track.stop();
      throw mediaError(error);
    }
  }

  /** Puts `track` in `stream` in place of the one of its kind, unless a later switch or `close()` came first. */
  private async install(track: MediaStreamTrack, ticket: Ticket): Promise<void> {
    if (!this.isCurrent(ticket)) {
      track.stop();
      return;
    }
    const stream = this.stream!;
    track.enabled = !this.#muted[ticket.kind];
    const sent = await this.options.replaceSentTrack(stream, track);
    if (ticket.generation !== this.#generation) {
      track.stop(); // closed during the swap
      return;
    }
    if (!sent) replaceLocally(stream, track);
    this.adopt(track);
    this.showPreview();
  }

  private adopt(track: MediaStreamTrack): void {
    this.stream!.addTrack(track);
    track.enabled = !this.#muted[track.kind as Kind];
    // `ended` fires only when the track ends from outside: a device unplugged, a share stopped in the browser's UI.
    track.addEventListener('ended', () => this.onEnded(track), { once: true });
  }

  private onEnded(track: MediaStreamTrack): void {
    if (!this.stream?.getTracks().includes(track)) return;
    const next = this.screenSharing && track.kind === 'video' ? this.stopScreenShare() : this.reload(track.kind as Kind, true);
    next.catch((error: unknown) => this.options.error(mediaError(error)));
  }

  private showPreview(): void {
    this.preview = new MediaStream(this.stream?.getVideoTracks() ?? []);
    this.host.requestUpdate();
  }

  private ticket(kind: Kind): Ticket {
    this.#switches[kind] += 1;
    return { kind, number: this.#switches[kind], generation: this.#generation };
  }

  private isCurrent(ticket: Ticket): boolean {
    return ticket.generation === this.#generation && ticket.number === this.#switches[ticket.kind] && this.stream !== null;
  }
}

interface Ticket {
  kind: Kind;
  number: number;
  generation: number;
}

function constraintsFor(kind: Kind, settings: MediaSettings, anyDevice: boolean): MediaTrackConstraints {
  const constraints = kind === 'video' ? settings.videoConstraints : settings.audioConstraints;
  const deviceId = kind === 'video' ? settings.cameraId : settings.microphoneId;
  return deviceId !== '' && !anyDevice ? { ...constraints, deviceId: { exact: deviceId } } : constraints;
}

/** Swaps tracks the way sora-js-sdk's replace*Track does, for when nothing is being sent. */
function replaceLocally(stream: MediaStream, track: MediaStreamTrack): void {
  for (const old of stream.getTracks()) {
    if (old.kind === track.kind && old !== track) {
      old.stop();
      stream.removeTrack(old);
    }
  }
}
