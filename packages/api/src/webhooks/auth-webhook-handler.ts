import type { AuthWebhookRequest, AuthWebhookResponse } from './types.js';
import { createWebhookHandler, type WebhookHandler, type WebhookHandlerOptions } from './webhook-handler.js';

export type AuthWebhookDecider = (request: AuthWebhookRequest) => AuthWebhookResponse | Promise<AuthWebhookResponse>;

/** The reason sent when the decider throws or answers something that is not a decision. */
export const AUTH_WEBHOOK_HANDLER_FAILED = 'AUTH-WEBHOOK-HANDLER-FAILED';

/**
 * An auth webhook endpoint. `decide` gets the parsed request and returns `{allowed: true, …}` or
 * `{allowed: false, reason}`.
 *
 * It fails closed: when `decide` throws, or returns anything but a decision, the connection is
 * refused with `{allowed: false, reason: "AUTH-WEBHOOK-HANDLER-FAILED"}` (HTTP 200, as Sora expects
 * every decision). A body that is not a JSON object is answered 400 (which the service also treats
 * as a refusal); a body over 1 MiB 413. With `options.signature`, a webhook without a valid
 * `x-ifls-signature` is answered 401 (a refusal too) and `decide` never sees it.
 */
export function createAuthWebhookHandler(decide: AuthWebhookDecider, options: WebhookHandlerOptions = {}): WebhookHandler {
  return createWebhookHandler(async (payload) => {
    try {
      const decision = await decide(payload as AuthWebhookRequest);
      if (decision?.allowed === true) return { status: 200, body: decision };
      if (decision?.allowed === false && typeof decision.reason === 'string') return { status: 200, body: decision };
    } catch {
      // Fall through: an error must never let a connection in.
    }
    return { status: 200, body: { allowed: false, reason: AUTH_WEBHOOK_HANDLER_FAILED } };
  }, options);
}
