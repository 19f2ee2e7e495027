import type { NetworkStats } from '../publisher/network-stats.js';

/** Fired by `<ifls-publisher>` about once a second while live, with fresh figures of the uplink. */
export class IflsNetworkStatsEvent extends Event {
  static readonly eventName = 'ifls-network-stats';

  constructor(readonly stats: NetworkStats) {
    super(IflsNetworkStatsEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-network-stats': IflsNetworkStatsEvent;
  }
}
