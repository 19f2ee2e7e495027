/** Fired by both elements whenever their `state` changes. `state` is also reflected as an attribute. */
export class IflsStateChangeEvent<State extends string = string> extends Event {
  static readonly eventName = 'ifls-state-change';

  constructor(
    readonly state: State,
    readonly previous: State,
  ) {
    super(IflsStateChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-state-change': IflsStateChangeEvent;
  }
}
