import type { EventWebhook } from './types.js';
import { createWebhookHandler, type WebhookHandler, type WebhookHandlerOptions } from './webhook-handler.js';

export type EventWebhookListener = (event: EventWebhook) => void | Promise<void>;

/**
 * An event webhook endpoint. `onEvent` gets each parsed event; when it returns (or its promise
 * resolves) the delivery is acknowledged with 200 `{}`. When it throws the answer is 500, so the
 * sender delivers the event again later: handle events idempotently (by `id`).
 * A body that is not a JSON object is answered 400; over 1 MiB, 413. With `options.signature`, an
 * event without a valid `x-ifls-signature` is answered 401 and `onEvent` never sees it.
 */
export function createEventWebhookHandler(onEvent: EventWebhookListener, options: WebhookHandlerOptions = {}): WebhookHandler {
  return createWebhookHandler(async (payload) => {
    try {
      await onEvent(payload as EventWebhook);
      return { status: 200, body: {} };
    } catch {
      return { status: 500, body: { error_type: 'EVENT-HANDLER-FAILED', message: 'the event was not handled; send it again' } };
    }
  }, options);
}
