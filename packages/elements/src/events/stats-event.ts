import type { PlayerStats } from '../player/player-types.js';

/**
 * Fired by `<ifls-player>` about once a second while it plays (and when playback starts).
 * `stats.targetLatency` is the latency it holds: `stats.requestedLatency` (the start offset's) while
 * the network carries it, more after stalls or while segments arrive too late for it.
 */
export class IflsStatsEvent extends Event {
  static readonly eventName = 'ifls-stats';

  constructor(readonly stats: PlayerStats) {
    super(IflsStatsEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-stats': IflsStatsEvent;
  }
}
