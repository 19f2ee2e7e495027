/**
 * Fired by both elements for every error a page may want to show or log. `code` is a stable,
 * typed identifier (each element documents its codes); `message` is for developers, not viewers.
 */
export class IflsErrorEvent<Code extends string = string> extends Event {
  static readonly eventName = 'ifls-error';

  constructor(
    readonly code: Code,
    readonly message: string,
    /** Whether the element keeps trying by itself (true) or has stopped (false). */
    readonly recoverable: boolean,
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
