import type { SoraNotifyMessage } from '../publisher/sora-types.js';

/**
 * Fired by `<ifls-publisher>` for every Sora `notify` message (`connection.created`,
 * `connection.destroyed`, `network.status`, …). `eventType` is the message's `event_type`.
 */
export class IflsNotifyEvent extends Event {
  static readonly eventName = 'ifls-notify';

  readonly eventType: string;

  constructor(readonly message: SoraNotifyMessage) {
    super(IflsNotifyEvent.eventName, { bubbles: true, composed: true });
    this.eventType = message.event_type;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-notify': IflsNotifyEvent;
  }
}
