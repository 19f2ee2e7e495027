import type { PlayerStats } from '../player/player-types.js';

/**
 * Fired by `<ifls-player>` about once a second while it plays (and when playback starts).
 * `stats.targetLatency` is the latency it holds: `stats.requestedLatency` (the start offset's) while
 * the network carries it, more after stalls or while segments arrive too late for it.
 *
 * Bubbles but is not composed: a stream of figures for the code that placed this player and
 * listens on it; it stays inside the tree the player is in.
 */
export class IflsStatsEvent extends Event {
  static readonly eventName = 'ifls-stats';

  constructor(
    /** The player's figures now. */
    readonly stats: PlayerStats,
  ) {
    super(IflsStatsEvent.eventName, { bubbles: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-stats': IflsStatsEvent;
  }
}
