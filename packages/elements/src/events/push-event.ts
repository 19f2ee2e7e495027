/**
 * Fired by `<ifls-publisher>` when the server pushes data to the broadcast (Sora push, e.g. the
 * API's PushChannel). `data` is the pushed JSON object as the server sent it.
 *
 * Bubbles but is not composed: pushed data is for the code that placed this publisher and
 * listens on it (or on an ancestor in the same tree); a component that holds the publisher in
 * its shadow root decides what of it reaches the page.
 */
export class IflsPushEvent extends Event {
  static readonly eventName = 'ifls-push';

  constructor(
    /** The pushed JSON object, as the server sent it. */
    readonly data: Record<string, unknown>,
  ) {
    super(IflsPushEvent.eventName, { bubbles: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-push': IflsPushEvent;
  }
}
