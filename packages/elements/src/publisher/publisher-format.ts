import type { NetworkStats } from './network-stats.js';
import type { PublisherError } from './publisher-error.js';
import type { PublisherStrings } from './publisher-strings.js';
import type { PublisherState } from './publisher-types.js';

/** Time on air as a clock shows it: 0:05, 12:34, 1:02:03. */
export function formatElapsed(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor(seconds / 60) % 60;
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** The network badge's line: bitrate, loss and round trip in `text.networkSummary`; '–' for what is not measured yet. */
export function formatNetworkSummary(text: PublisherStrings, stats: NetworkStats): string {
  const bitrate = stats.bitrateKbps >= 1000 ? `${(stats.bitrateKbps / 1000).toFixed(1)} Mbps` : `${stats.bitrateKbps} kbps`;
  return text.networkSummary
    .replace('{bitrate}', bitrate)
    .replace('{loss}', stats.packetLoss === null ? '–' : `${(stats.packetLoss * 100).toFixed(1)}%`)
    .replace('{rtt}', stats.roundTripTimeMs === null ? '–' : `${stats.roundTripTimeMs} ms`);
}

/** What the status badge says about the element now. */
export interface StatusFacts {
  readonly state: PublisherState;
  readonly error: PublisherError | null;
  readonly reconnectAttempt: number;
  readonly reconnectAttempts: number;
}

/** The status badge's text: the state's words, the attempt while reconnecting, the error's words (and the server's reason) in `error`. */
export function formatStatus(text: PublisherStrings, facts: StatusFacts): string {
  switch (facts.state) {
    case 'reconnecting':
      return text.reconnecting.replace('{n}', String(facts.reconnectAttempt)).replace('{max}', String(facts.reconnectAttempts));
    case 'error': {
      const error = facts.error;
      if (error === null) return '';
      const message = (text.errors[error.code] ?? error.message).replace('{codec}', error.codec ?? ''); // `strings` may predate a code
      return error.reason ? `${message} (${error.reason})` : message;
    }
    default:
      return text.states[facts.state];
  }
}
