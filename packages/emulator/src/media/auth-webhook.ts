/**
 * The auth webhook (docs/sora-signaling.md §3): asked once per `connect`, before the offer.
 * The answer must be a 2xx with a JSON object; `{"allowed": true}` lets the client in (with
 * optional payouts), `{"allowed": false, "reason"}` keeps it out.
 */
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';

export type AuthDecision = { allowed: true; payout: Record<string, unknown> } | { allowed: false; close: SignalingClose };

export const AUTH_WEBHOOK_TIMEOUT_MS = 5000;

export async function askAuthWebhook(
  url: string,
  body: Record<string, unknown>,
  connectionId: string,
): Promise<AuthDecision> {
  const failed = (detail: string): AuthDecision => ({
    allowed: false,
    close: signalingClose(CloseCode.authWebhookFailed, `AUTH-WEBHOOK-FAILED: ${detail}`),
  });
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sora-connection-id': connectionId },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(AUTH_WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    const name = (error as Error).name;
    return failed(name === 'TimeoutError' ? 'no answer within 5 s' : 'could not reach the webhook');
  }
  let answer: unknown;
  try {
    const text = await response.text();
    if (!response.ok) return failed(`HTTP ${response.status}`);
    answer = JSON.parse(text);
  } catch {
    return failed('the answer is not JSON');
  }
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return failed('the answer is not a JSON object');
  const decision = answer as Record<string, unknown>;
  if (decision.allowed === true) return { allowed: true, payout: decision };
  if (decision.allowed === false) {
    const reason = typeof decision.reason === 'string' && decision.reason !== '' ? decision.reason : 'no reason given';
    return { allowed: false, close: signalingClose(CloseCode.authWebhookRejected, `AUTH-WEBHOOK-REJECTED: ${reason}`) };
  }
  return failed('"allowed" must be true or false');
}
