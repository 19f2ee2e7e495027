import type { IflsErrorEvent } from '../events/error-event.js';
import type { IflsNetworkStatsEvent } from '../events/network-stats-event.js';
import type { IflsNotifyEvent } from '../events/notify-event.js';
import type { IflsPushEvent } from '../events/push-event.js';
import type { IflsStateChangeEvent } from '../events/state-change-event.js';
import type { PublisherErrorCode, PublisherState } from './publisher-types.js';

/**
 * The events of `<ifls-publisher>` as its `addEventListener` types them: `ifls-error`'s `code`
 * is a `PublisherErrorCode` and `ifls-state-change`'s states are `PublisherState`s, where
 * `GlobalEventHandlersEventMap` (one type per event name) has to hold the player's too.
 */
export interface IflsPublisherEventMap extends HTMLElementEventMap {
  'ifls-state-change': IflsStateChangeEvent<PublisherState>;
  'ifls-error': IflsErrorEvent<PublisherErrorCode>;
  'ifls-push': IflsPushEvent;
  'ifls-notify': IflsNotifyEvent;
  'ifls-network-stats': IflsNetworkStatsEvent;
}
