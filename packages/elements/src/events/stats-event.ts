import type { PlayerStats } from '../player/player-types.js';

/** Fired by `<ifls-player>` about once a second while it plays (and when playback starts). */
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
