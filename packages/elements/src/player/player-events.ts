import type { IflsErrorEvent } from '../events/error-event.js';
import type { IflsStateChangeEvent } from '../events/state-change-event.js';
import type { IflsStatsEvent } from '../events/stats-event.js';
import type { PlayerErrorCode, PlayerState } from './player-types.js';

/**
 * The events of `<ifls-player>` as its `addEventListener` types them: `ifls-error`'s `code` is a
 * `PlayerErrorCode` and `ifls-state-change`'s states are `PlayerState`s, where
 * `GlobalEventHandlersEventMap` (one type per event name) has to hold the publisher's too.
 */
export interface IflsPlayerEventMap extends HTMLElementEventMap {
  'ifls-state-change': IflsStateChangeEvent<PlayerState>;
  'ifls-error': IflsErrorEvent<PlayerErrorCode>;
  'ifls-stats': IflsStatsEvent;
}
