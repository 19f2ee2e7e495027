import type { PlayerState } from '../player/player-types.js';
import type { PublisherState } from '../publisher/publisher-types.js';

/** Every state an `ifls-state-change` can carry: the publisher's and the player's. */
export type IflsState = PublisherState | PlayerState;

/**
 * Fired by both elements whenever their `state` changes. `state` is also reflected as an attribute.
 * Listeners on an `<ifls-publisher>` see its `PublisherState`; elsewhere either element's, and
 * `event.target instanceof IflsPublisher` (or `IflsPlayer`) narrows it.
 *
 * Bubbles and is composed: a page follows its broadcast or playback from `document` (analytics,
 * a page-wide "on air" indicator) even when the element is inside another component's shadow
 * root; the player's tests listen exactly so.
 */
export class IflsStateChangeEvent<State extends string = IflsState> extends Event {
  static readonly eventName = 'ifls-state-change';

  constructor(
    /** The new state. */
    readonly state: State,
    /** The state before. */
    readonly previous: State,
    /**
     * `<ifls-publisher>`: the video codec of the broadcast (`H264`, `VP8`, …) on `live` and
     * `reconnecting`, the one the browser reports sending. Undefined otherwise, and for the player.
     */
    readonly videoCodec?: string,
  ) {
    super(IflsStateChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-state-change': IflsStateChangeEvent;
  }
}
