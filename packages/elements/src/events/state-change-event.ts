/** Fired by both elements whenever their `state` changes. `state` is also reflected as an attribute. */
export class IflsStateChangeEvent<State extends string = string> extends Event {
  static readonly eventName = 'ifls-state-change';

  constructor(
    readonly state: State,
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
