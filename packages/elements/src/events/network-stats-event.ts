import type { NetworkStats } from '../publisher/network-stats.js';

/**
 * Fired by `<ifls-publisher>` about once a second while live, with fresh figures of the uplink.
 *
 * Bubbles but is not composed: a stream of figures for the code that placed this publisher and
 * listens on it; it stays inside the tree the publisher is in.
 */
export class IflsNetworkStatsEvent extends Event {
  static readonly eventName = 'ifls-network-stats';

  constructor(
    /** The figures of the last second. */
    readonly stats: NetworkStats,
  ) {
    super(IflsNetworkStatsEvent.eventName, { bubbles: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-network-stats': IflsNetworkStatsEvent;
  }
}
