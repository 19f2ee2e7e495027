import type { ReactiveControllerHost } from 'lit';
import { CameraSource, type CameraHost } from './camera-source.js';
import { DeviceListController } from './device-list-controller.js';
import { LiveClockController } from './live-clock-controller.js';
import type { NetworkStats } from './network-stats.js';
import { NetworkStatsController } from './network-stats-controller.js';
import { mediaError, PublisherError } from './publisher-error.js';
import type { PublisherState } from './publisher-types.js';
import { browserProblemFor, sessionTargetFor, type BroadcastSettings } from './session-target.js';
import { SoraSession } from './sora-session.js';
import type { SoraNotifyMessage } from './sora-types.js';

/** The element as the broadcast sees it: its settings, and the host of the controllers. */
export interface BroadcastHost extends ReactiveControllerHost, CameraHost, BroadcastSettings {}

/** What the broadcast tells its element, which sets its attribute and dispatches its events. */
export interface BroadcastListener {
  stateChanged(state: PublisherState, previous: PublisherState, videoCodec: string | undefined): void;
  /** `recoverable`: the broadcast goes on (a device switch failed); otherwise it stopped in `error`. */
  failed(error: PublisherError, recoverable: boolean): void;
  push(data: Record<string, unknown>): void;
  notify(message: SoraNotifyMessage): void;
  networkStats(stats: NetworkStats): void;
}

/**
 * Everything `<ifls-publisher>` does, without its properties, events and template: the state
 * (idle → previewing → connecting → live ⇄ reconnecting → ended, or error), the camera, the
 * session, and the controllers that follow them. The element reads it and forwards its methods.
 */
export class Broadcast {
  /** The element's `state`. */
  state: PublisherState = 'idle';
  /** Why the state is `error`; null otherwise. */
  error: PublisherError | null = null;
  /** The connection to Sora, and its reconnects. */
  readonly session = new SoraSession({
    live: () => this.setState('live'),
    reconnecting: () => {
      this.setState('reconnecting');
      this.host.requestUpdate(); // the attempt's number in the status changes with each attempt
    },
    ended: () => {
      this.camera.close();
      this.setState('ended');
    },
    failed: (error) => this.fail(error),
    push: (data) => this.listener.push(data),
    notify: (message) => this.onNotify(message),
  });
  /** Reads its settings from the element; sends its track switches straight to the session. */
  readonly camera: CameraSource;
  /** The cameras and microphones to pick from. */
  readonly devices: DeviceListController;
  /** Time on air. */
  readonly clock: LiveClockController;
  /** Uplink figures while live. */
  readonly stats: NetworkStatsController;
  /** Aborted by the next preview(), start() or stop(): work of an older call sees it and stands down. */
  private call = new AbortController();

  constructor(
    private readonly host: BroadcastHost,
    private readonly listener: BroadcastListener,
  ) {
    this.camera = new CameraSource(host, this.session, (error) => this.report(error));
    this.devices = new DeviceListController(host);
    this.clock = new LiveClockController(host, this.session);
    this.stats = new NetworkStatsController(host, this.session, (stats) => listener.networkStats(stats));
  }

  /** Connecting, live or reconnecting: what `start()` waits out and `stop()` ends as `ended`. */
  get isOnAir(): boolean {
    return this.state === 'connecting' || this.state === 'live' || this.state === 'reconnecting';
  }

  /** See IflsPublisher.preview(). */
  async preview(): Promise<void> {
    if (this.state !== 'idle' && this.state !== 'ended' && this.state !== 'error') return;
    const call = this.nextCall();
    const problem = browserProblemFor(this.host.stream);
    if (problem !== null) {
      this.fail(problem);
      return;
    }
    this.error = null;
    this.setState('previewing');
    await this.openMedia(call);
  }

  /** See IflsPublisher.start(). */
  async start(): Promise<void> {
    if (this.isOnAir) return;
    const call = this.nextCall();
    const target = sessionTargetFor(this.host);
    if (target instanceof PublisherError) {
      this.fail(target);
      return;
    }
    this.error = null;
    this.setState('connecting');
    // With the preview already open, signaling starts before any await: nothing (not even the
    // render of `connecting`) stands between start() and the WebSocket.
    if (this.camera.stream === null && (!(await this.openMedia(call)) || call.aborted)) return;
    await this.session.open(target, this.camera.stream!);
  }

  /** See IflsPublisher.stop(). */
  async stop(): Promise<void> {
    this.nextCall();
    const wasOnAir = this.isOnAir;
    const disconnected = this.session.close();
    this.camera.close();
    if (wasOnAir) this.setState('ended');
    else if (this.state === 'previewing') this.setState('idle');
    await disconnected;
  }

  /** See IflsPublisher.startScreenShare(); a failure is a recoverable `failed`. */
  async startScreenShare(): Promise<void> {
    await this.camera.startScreenShare().catch((error: unknown) => this.report(error));
  }

  /** See IflsPublisher.stopScreenShare(). */
  async stopScreenShare(): Promise<void> {
    await this.camera.stopScreenShare().catch((error: unknown) => this.report(error));
  }

  /** Switches the track of `kind` to what the element's settings say now. */
  switchTrack(kind: 'audio' | 'video'): void {
    this.camera.reload(kind).catch((error: unknown) => this.report(error));
  }

  /** Starts a new preview(), start() or stop(): the one before it stands down. */
  private nextCall(): AbortSignal {
    this.call.abort();
    this.call = new AbortController();
    return this.call.signal;
  }

  private async openMedia(call: AbortSignal): Promise<boolean> {
    try {
      const opened = await this.camera.open();
      if (opened && this.devices.lacksLabels) void this.devices.refresh(); // labels come once a device is open
      return opened;
    } catch (error) {
      if (!call.aborted) this.fail(error);
      return false;
    }
  }

  private onNotify(message: SoraNotifyMessage): void {
    if (message.event_type === 'network.status' && typeof message.unstable_level === 'number') {
      this.stats.noteUnstableLevel(message.unstable_level);
    }
    this.listener.notify(message);
  }

  /** Stops everything on an error the element cannot get past. */
  private fail(error: unknown): void {
    const failure = mediaError(error);
    void this.session.close();
    this.camera.close();
    this.error = failure;
    this.host.requestUpdate(); // a new error while already in `error` changes the text too
    this.setState('error');
    this.listener.failed(failure, false);
  }

  /** An error the broadcast survives (a device switch that failed). */
  private report(error: unknown): void {
    this.listener.failed(mediaError(error), true);
  }

  private setState(state: PublisherState): void {
    const previous = this.state;
    if (state === previous) return;
    this.state = state;
    this.host.requestUpdate();
    this.listener.stateChanged(state, previous, this.session.videoCodec ?? undefined);
  }
}
