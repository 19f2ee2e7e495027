import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { measureUplink, readUplinkCounters, type NetworkStats, type UplinkCounters } from './network-stats.js';
import type { SoraSession } from './sora-session.js';

/**
 * Samples the uplink once a second while the session is live: bitrate, packet loss and
 * round-trip time from `getStats()`, plus the level of Sora's `network.status` notify. It
 * follows the session by itself (sampling from `live`, dropping its figures on anything else),
 * and pauses while the host is out of the document.
 */
export class NetworkStatsController implements ReactiveController {
  /** The latest figures; null until two samples exist, and when not live. */
  value: NetworkStats | null = null;
  private unstableLevel: number | null = null;
  private previous: UplinkCounters | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Aborted when sampling stops or pauses: a `getStats()` answer that arrives after it is dropped. */
  private sampling: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly session: Pick<SoraSession, 'observe' | 'state' | 'connection'>,
    private readonly sampled: (stats: NetworkStats) => void,
  ) {
    host.addController(this);
    // The session lives exactly as long as the element: this observer is never removed.
    session.observe((state) => (state === 'live' ? this.start() : this.stop()));
  }

  /** Sora's `network.status` notify: 0 stable … 3 very unstable. */
  noteUnstableLevel(level: number): void {
    this.unstableLevel = level;
  }

  hostConnected(): void {
    if (this.session.state === 'live') this.start();
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sampling?.abort();
    this.sampling = null;
  }

  private start(): void {
    if (this.timer !== undefined) return;
    const sampling = new AbortController();
    this.sampling = sampling;
    this.timer = setInterval(() => void this.sample(sampling.signal), 1000);
  }

  private stop(): void {
    this.hostDisconnected();
    this.previous = undefined;
    this.unstableLevel = null;
    this.value = null;
    this.host.requestUpdate();
  }

  private async sample(signal: AbortSignal): Promise<void> {
    const peerConnection = this.session.connection?.pc;
    if (!peerConnection) return;
    const counters = readUplinkCounters(await peerConnection.getStats());
    if (signal.aborted) return;
    if (this.previous !== undefined) {
      this.value = measureUplink(this.previous, counters, this.unstableLevel);
      this.sampled(this.value);
      this.host.requestUpdate();
    }
    this.previous = counters;
  }
}
