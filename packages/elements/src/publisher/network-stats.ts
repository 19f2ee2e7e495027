/** How the uplink of a live broadcast is doing, measured from `RTCPeerConnection.getStats()`. */
export interface NetworkStats {
  /** Sending bitrate in kbit/s, audio and video together. */
  bitrateKbps: number;
  /** Share of sent packets the server reports lost since the previous sample, 0–1; null until it reports. */
  packetLoss: number | null;
  /** Round-trip time to the server in milliseconds; null until measured. */
  roundTripTimeMs: number | null;
  /** Sora's `network.status` `unstable_level` (0 stable … 3 very unstable), when the server sends it. */
  unstableLevel: number | null;
  /** A summary for a badge. */
  quality: NetworkQuality;
}

export type NetworkQuality = 'good' | 'fair' | 'poor';

/** Running totals of one `getStats()` call; bitrate and loss are differences between two of them. */
export interface UplinkCounters {
  /** Milliseconds, from the stats' own timestamps. */
  timestamp: number;
  bytesSent: number;
  packetsSent: number;
  /** As the server's RTCP receiver reports count them. */
  packetsLost: number;
  /** Whether the server sent any receiver report yet. */
  hasReceiverReports: boolean;
  roundTripTimeMs: number | null;
}

type Stat = Record<string, unknown> & { type: string; id: string };

export function readUplinkCounters(report: RTCStatsReport): UplinkCounters {
  const counters: UplinkCounters = {
    timestamp: 0,
    bytesSent: 0,
    packetsSent: 0,
    packetsLost: 0,
    hasReceiverReports: false,
    roundTripTimeMs: null,
  };
  let mediaRoundTrip: number | null = null;
  let pairRoundTrip: number | null = null;
  report.forEach((value) => {
    const stat = value as Stat;
    if (stat.type === 'outbound-rtp') {
      counters.bytesSent += number(stat.bytesSent);
      counters.packetsSent += number(stat.packetsSent);
      counters.timestamp = Math.max(counters.timestamp, number(stat.timestamp));
    } else if (stat.type === 'remote-inbound-rtp') {
      counters.hasReceiverReports = true;
      counters.packetsLost += number(stat.packetsLost);
      if (typeof stat.roundTripTime === 'number') mediaRoundTrip = Math.max(mediaRoundTrip ?? 0, stat.roundTripTime * 1000);
    } else if (stat.type === 'candidate-pair' && stat.nominated === true && typeof stat.currentRoundTripTime === 'number') {
      pairRoundTrip = stat.currentRoundTripTime * 1000;
    }
  });
  // RTCP's figure is the media's own round trip; ICE consent checks give one even before the first report.
  counters.roundTripTimeMs = mediaRoundTrip ?? pairRoundTrip;
  return counters;
}

export function measureUplink(previous: UplinkCounters, current: UplinkCounters, unstableLevel: number | null): NetworkStats {
  const seconds = (current.timestamp - previous.timestamp) / 1000;
  const bitrateKbps = seconds > 0 ? Math.max(0, ((current.bytesSent - previous.bytesSent) * 8) / 1000 / seconds) : 0;
  const sent = current.packetsSent - previous.packetsSent;
  const packetLoss = current.hasReceiverReports && sent > 0 ? clamp((current.packetsLost - previous.packetsLost) / sent) : null;
  const roundTripTimeMs = current.roundTripTimeMs;
  return {
    bitrateKbps: Math.round(bitrateKbps),
    packetLoss,
    roundTripTimeMs: roundTripTimeMs === null ? null : Math.round(roundTripTimeMs),
    unstableLevel,
    quality: qualityOf(packetLoss, roundTripTimeMs, unstableLevel),
  };
}

/** Thresholds from common WebRTC practice: a few percent loss or a few hundred ms RTT is felt by viewers. */
export function qualityOf(packetLoss: number | null, roundTripTimeMs: number | null, unstableLevel: number | null): NetworkQuality {
  const loss = packetLoss ?? 0;
  const rtt = roundTripTimeMs ?? 0;
  const unstable = unstableLevel ?? 0;
  if (unstable >= 2 || loss > 0.05 || rtt > 400) return 'poor';
  if (unstable >= 1 || loss > 0.01 || rtt > 200) return 'fair';
  return 'good';
}

function number(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function clamp(share: number): number {
  return Math.min(1, Math.max(0, share));
}
