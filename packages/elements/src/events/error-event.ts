import type { PlayerErrorCode } from '../player/player-types.js';
import type { PublisherErrorCode } from '../publisher/publisher-types.js';

/** Every code an `ifls-error` can carry: the publisher's and the player's. */
export type IflsErrorCode = PublisherErrorCode | PlayerErrorCode;

/**
 * Fired by both elements for every error a page may want to show or log. `code` is a stable,
 * typed identifier (each element documents its codes); `message` is for developers, not viewers.
 *
 * Typed for listeners: on an `<ifls-publisher>` (`IflsPublisherEventMap`) `code` is a
 * `PublisherErrorCode`; on `document`, `window` or any other element it is either element's
 * (`IflsErrorCode`), and `event.target instanceof IflsPublisher` (or `IflsPlayer`) narrows it.
 *
 * Bubbles and is composed: an error is what a page logs or shows from one listener on `document`,
 * wherever the element sits, inside another component's shadow root too.
 */
export class IflsErrorEvent<Code extends string = IflsErrorCode> extends Event {
  static readonly eventName = 'ifls-error';

  constructor(
    /** What went wrong: one of the firing element's codes. */
    readonly code: Code,
    /** For developers, in English. */
    readonly message: string,
    /** Whether the element keeps trying by itself (true) or has stopped (false). */
    readonly recoverable: boolean,
    /** The element's own error (a `PublisherError` for the publisher), with more detail. */
    readonly cause?: unknown,
  ) {
    super(IflsErrorEvent.eventName, { bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ifls-error': IflsErrorEvent;
  }
}
