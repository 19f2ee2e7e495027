import type { ReactiveControllerHost } from 'lit';
import { measureUplink, readUplinkCounters, type NetworkStats, type UplinkCounters } from './network-stats.js';

/**
 * Samples the uplink once a second while live (`start()` … `stop()`): bitrate, packet loss and
 * round-trip time from `getStats()`, plus the level of Sora's `network.status` notify.
 */
export class NetworkStatsController {
  /** The latest figures; null until two samples exist, and when stopped. */
  value: NetworkStats | null = null;
  #unstableLevel: number | null = null;
  #previous: UplinkCounters | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly peerConnection: () => RTCPeerConnection | null | undefined,
    private readonly sampled: (stats: NetworkStats) => void,
  ) {}

  start(): void {
    this.#timer ??= setInterval(() => void this.sample(), 1000);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#previous = undefined;
    this.#unstableLevel = null;
    this.value = null;
    this.host.requestUpdate();
  }

  /** Sora's `network.status` notify: 0 stable … 3 very unstable. */
  noteUnstableLevel(level: number): void {
    this.#unstableLevel = level;
  }

  private async sample(): Promise<void> {
    const peerConnection = this.peerConnection();
    if (!peerConnection) return;
    const counters = readUplinkCounters(await peerConnection.getStats());
    if (this.#timer === undefined) return; // stopped while waiting
    if (this.#previous !== undefined) {
      this.value = measureUplink(this.#previous, counters, this.#unstableLevel);
      this.sampled(this.value);
      this.host.requestUpdate();
    }
    this.#previous = counters;
  }
}
