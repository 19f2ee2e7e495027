/**
 * Byte and packet figures of one peer connection, from werift's own statistics (the transport's
 * totals), and the bit rate over the last few seconds from samples taken every second.
 */
import type { RTCPeerConnection } from 'werift';

export interface TrafficTotals {
  receivedBytes: number;
  sentBytes: number;
  receivedPackets: number;
  sentPackets: number;
}

interface Sample extends TrafficTotals {
  at: number;
}

const SAMPLE_INTERVAL_MS = 1000;
/** Bit rates are averaged over this many recent samples. */
const WINDOW_SAMPLES = 5;

export class ConnectionTraffic {
  private readonly pc: RTCPeerConnection;
  private readonly samples: Sample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(pc: RTCPeerConnection) {
    this.pc = pc;
    this.timer = setInterval(() => void this.sample(), SAMPLE_INTERVAL_MS);
    this.timer.unref();
  }

  /** The totals so far and the bitrates since the previous sample. */
  async current(): Promise<TrafficTotals & { receivedBitrate: number; sentBitrate: number }> {
    const now = await this.sample();
    const oldest = this.samples[0] ?? now;
    const seconds = (now.at - oldest.at) / 1000;
    const rate = (later: number, earlier: number) => (seconds > 0 ? Math.round(((later - earlier) * 8) / seconds) : 0);
    return {
      ...now,
      receivedBitrate: rate(now.receivedBytes, oldest.receivedBytes),
      sentBitrate: rate(now.sentBytes, oldest.sentBytes),
    };
  }

  /** Stops sampling (the connection ended). */
  stop(): void {
    clearInterval(this.timer);
  }

  private async sample(): Promise<Sample> {
    const sample: Sample = { at: Date.now(), receivedBytes: 0, sentBytes: 0, receivedPackets: 0, sentPackets: 0 };
    try {
      const report = await this.pc.getStats();
      for (const stats of report.values()) {
        if (stats.type !== 'transport') continue;
        const transport = stats as { bytesReceived?: number; bytesSent?: number; packetsReceived?: number; packetsSent?: number };
        sample.receivedBytes += transport.bytesReceived ?? 0;
        sample.sentBytes += transport.bytesSent ?? 0;
        sample.receivedPackets += transport.packetsReceived ?? 0;
        sample.sentPackets += transport.packetsSent ?? 0;
      }
    } catch {
      // a closed peer connection has no statistics: keep the zeros
    }
    this.samples.push(sample);
    if (this.samples.length > WINDOW_SAMPLES + 1) this.samples.shift();
    return sample;
  }
}
