import { browserProblem } from './browser-support.js';
import { mediaError, type PublisherError } from './publisher-error.js';
import type { TrackSender } from './track-sender.js';

type Kind = 'audio' | 'video';

/** What to capture: the element's settings, read each time a track is opened. */
export interface MediaSettings {
  /** The page's stream: its video, and its audio if it has some, are sent instead of the camera and microphone. */
  readonly stream: MediaStream | null;
  readonly cameraId: string;
  readonly microphoneId: string;
  readonly videoConstraints: MediaTrackConstraints;
  readonly audioConstraints: MediaTrackConstraints;
}

/** The element as the camera sees it: its settings, and a render when the tracks change. */
export interface CameraHost extends MediaSettings {
  requestUpdate(): void;
}

/**
 * Owns the local media: the camera and microphone (or clones of the page's tracks), screen
 * sharing, switching, muting, and stopping. Every track in `stream` belongs to it, so stopping
 * them never stops a track of the page. Switches go to the broadcast through its `TrackSender`.
 */
export class CameraSource {
  /** At most one video and one audio track: what the element previews and publishes. */
  stream: MediaStream | null = null;
  /** The video alone, in a new MediaStream whenever it changes, so that the <video> follows every switch. */
  preview: MediaStream | null = null;
  /** Whether the video track is the screen (`startScreenShare()`). */
  screenSharing = false;
  private opening: Promise<boolean> | null = null;
  /** Aborted by `close()`: captures and switches that finish after it are stopped and dropped. */
  private lifetime = new AbortController();
  /** The switch under way of each kind; the next one of that kind aborts it, so the last asked for wins. */
  private readonly switches: Record<Kind, AbortController | null> = { audio: null, video: null };
  private readonly muted = { audio: false, video: false };

  constructor(
    private readonly host: CameraHost,
    private readonly sender: TrackSender,
    /** A problem the element survives: a device lost while open that could not be replaced. */
    private readonly failed: (error: PublisherError) => void,
  ) {}

  /** Opens the media unless open. False when `close()` came first. Throws a PublisherError. */
  open(): Promise<boolean> {
    if (this.stream !== null) return Promise.resolve(true);
    if (this.opening === null) {
      const opening = this.openStream(this.lifetime.signal).finally(() => {
        if (this.opening === opening) this.opening = null;
      });
      this.opening = opening;
    }
    return this.opening;
  }

  /** Stops every track. Whatever is being opened or switched is stopped as soon as it arrives. */
  close(): void {
    this.lifetime.abort();
    this.lifetime = new AbortController();
    this.opening = null;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
    this.preview = null;
    this.screenSharing = false;
    this.host.requestUpdate();
  }

  /** Switches the track of `kind` to what the settings say now (another device, the page's stream). */
  async reload(kind: Kind, anyDevice = false): Promise<void> {
    await this.opening?.catch(() => {});
    // While sharing, the camera is not needed; the new settings apply when the share ends.
    if (this.stream === null || (kind === 'video' && this.screenSharing)) return;
    const change = this.beginSwitch(kind);
    const [track] = await this.capture([kind], anyDevice);
    if (track !== undefined) await this.install(track, change);
  }

  /** Sends the screen (the browser asks the user which) instead of the camera, until `stopScreenShare()`. */
  async startScreenShare(): Promise<void> {
    if (this.stream === null || this.screenSharing) return;
    const change = this.beginSwitch('video');
    let track: MediaStreamTrack | undefined;
    try {
      [track] = (await navigator.mediaDevices.getDisplayMedia({ video: true })).getVideoTracks();
    } catch (error) {
      if ((error as Error).name === 'NotAllowedError') return; // the user cancelled the picker
      throw mediaError(error);
    }
    if (track === undefined) return;
    if (!this.isCurrent(change)) {
      track.stop();
      return;
    }
    track.contentHint = 'detail'; // keep text sharp: the encoder lowers the frame rate before the resolution
    this.screenSharing = true;
    await this.install(track, change);
  }

  /** Goes back to the camera (or the page's stream). */
  async stopScreenShare(): Promise<void> {
    if (!this.screenSharing) return;
    this.screenSharing = false;
    await this.reload('video');
  }

  /** Disables (`muted`) or enables the tracks of `kind`, now and for every track opened later: silence or black frames, the connection stays. */
  setMuted(kind: Kind, muted: boolean): void {
    this.muted[kind] = muted;
    for (const track of this.stream?.getTracks() ?? []) if (track.kind === kind) track.enabled = !muted;
  }

  private async openStream(closed: AbortSignal): Promise<boolean> {
    let tracks: MediaStreamTrack[];
    try {
      tracks = await this.capture(['video', 'audio']);
    } catch (error) {
      if (closed.aborted) return false; // closed meanwhile: the failure no longer matters
      throw error;
    }
    if (closed.aborted) {
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
    const tracks: MediaStreamTrack[] = [];
    const fromDevices: MediaStreamConstraints = {};
    for (const kind of kinds) {
      const supplied = this.host.stream?.getTracks().find((track) => track.kind === kind && track.readyState === 'live');
      if (supplied !== undefined) tracks.push(supplied.clone());
      else fromDevices[kind] = constraintsFor(kind, this.host, anyDevice);
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
  private async install(track: MediaStreamTrack, change: Switch): Promise<void> {
    if (!this.isCurrent(change)) {
      track.stop();
      return;
    }
    const stream = this.stream!;
    track.enabled = !this.muted[change.kind];
    const sent = await this.sender.replaceTrack(stream, track);
    if (change.closed.aborted) {
      track.stop(); // closed during the swap
      return;
    }
    if (!sent) replaceLocally(stream, track);
    this.adopt(track);
    this.showPreview();
  }

  private adopt(track: MediaStreamTrack): void {
    this.stream!.addTrack(track);
    track.enabled = !this.muted[track.kind as Kind];
    // `ended` fires only when the track ends from outside: a device unplugged, a share stopped in the browser's UI.
    track.addEventListener('ended', () => this.onEnded(track), { once: true });
  }

  private onEnded(track: MediaStreamTrack): void {
    if (!this.stream?.getTracks().includes(track)) return;
    const next = this.screenSharing && track.kind === 'video' ? this.stopScreenShare() : this.reload(track.kind as Kind, true);
    next.catch((error: unknown) => this.failed(mediaError(error)));
  }

  private showPreview(): void {
    this.preview = new MediaStream(this.stream?.getVideoTracks() ?? []);
    this.host.requestUpdate();
  }

  /** Starts a switch of `kind`: the one before it of that kind is superseded. */
  private beginSwitch(kind: Kind): Switch {
    this.switches[kind]?.abort();
    const latest = new AbortController();
    this.switches[kind] = latest;
    return { kind, superseded: latest.signal, closed: this.lifetime.signal };
  }

  private isCurrent(change: Switch): boolean {
    return !change.superseded.aborted && !change.closed.aborted && this.stream !== null;
  }
}

/** One switch of a track: aborted by a later switch of its kind (`superseded`) or by `close()` (`closed`). */
interface Switch {
  kind: Kind;
  superseded: AbortSignal;
  closed: AbortSignal;
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
