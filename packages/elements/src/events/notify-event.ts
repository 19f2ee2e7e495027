import type { SoraNotifyMessage } from '../publisher/sora-types.js';

/**
 * Fired by `<ifls-publisher>` for every Sora `notify` message (`connection.created`,
 * `connection.destroyed`, `network.status`, …). `eventType` is the message's `event_type`.
 *
 * Bubbles but is not composed: signaling detail for the code that placed this publisher and
 * listens on it; it stays inside the tree the publisher is in.
 */
export class IflsNotifyEvent extends Event {
  static readonly eventName = 'ifls-notify';

  /** The message's `event_type`. */
  readonly eventType: string;

  constructor(
    /** The whole `notify` message, as the server sent it. */
    readonly message: SoraNotifyMessage,
  ) {
    super(IflsNotifyEvent.eventName, { bubbles: true });
    this.eventType = message.event_type;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-notify': IflsNotifyEvent;
  }
}
