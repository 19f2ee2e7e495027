/**
 * Fired by `<ifls-publisher>` when the server pushes data to the broadcast (Sora push, e.g. the
 * API's PushChannel). `data` is the pushed JSON object as the server sent it.
 */
export class IflsPushEvent extends Event {
  static readonly eventName = 'ifls-push';

  constructor(readonly data: Record<string, unknown>) {
    super(IflsPushEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-push': IflsPushEvent;
  }
}
