/**
 * The auth webhook (docs/sora-signaling.md §3): asked once per `connect`, before the offer.
 * The answer must be a 2xx with a JSON object; `{"allowed": true}` lets the client in (with
 * optional payouts), `{"allowed": false, "reason"}` keeps it out.
 */
import type { ChannelRecord } from '../media-seam.js';
import { isJsonObject } from '../json-object.js';
import type { ConnectRequest } from './connect-message.js';
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';
import { idProblem, jsonValueProblem } from './signaling-limits.js';
import { WebhookAddressRefusedError } from './webhook-address-policy.js';
import { WebhookAnswerTooLargeError, WebhookTimeoutError, type WebhookReply, type WebhookSender } from './webhook-sender.js';

export type AuthDecision = { allowed: true; payout: Record<string, unknown> } | { allowed: false; close: SignalingClose };

export const AUTH_WEBHOOK_TIMEOUT_MS = 5000;
/**
 * Longest answer read (an EMULATOR limit): a decision with both metadata payouts at their limit
 * (64 KiB each, signaling-limits.ts) fits; a webhook answering more is a failure, not buffered.
 */
export const MAX_AUTH_WEBHOOK_ANSWER_BYTES = 256 * 1024;

/**
 * Asks the webhook. What the client reads in the close reason says nothing about an address the
 * policy refused: it reads as any unreachable webhook, and the log says why.
 */
export async function askAuthWebhook(
  sender: WebhookSender,
  url: string,
  body: Record<string, unknown>,
  connectionId: string,
  log: (line: string) => void,
): Promise<AuthDecision> {
  const failed = (detail: string): AuthDecision => ({
    allowed: false,
    close: signalingClose(CloseCode.authWebhookFailed, `AUTH-WEBHOOK-FAILED: ${detail}`),
  });
  let reply: WebhookReply;
  try {
    reply = await sender.post({
      url,
      body: JSON.stringify(body),
      headers: { 'sora-connection-id': connectionId },
      timeoutMs: AUTH_WEBHOOK_TIMEOUT_MS,
      maxAnswerBytes: MAX_AUTH_WEBHOOK_ANSWER_BYTES,
    });
  } catch (error) {
    if (error instanceof WebhookTimeoutError) return failed('no answer within 5 s');
    if (error instanceof WebhookAnswerTooLargeError) return failed(`the answer is over ${MAX_AUTH_WEBHOOK_ANSWER_BYTES} bytes`);
    if (error instanceof WebhookAddressRefusedError) log(`connection ${connectionId}: auth webhook not asked: ${error.message}`);
    return failed('could not reach the webhook');
  }
  if (reply.status < 200 || reply.status > 299) return failed(`HTTP ${reply.status}`);
  let answer: unknown;
  try {
    answer = JSON.parse(reply.body);
  } catch {
    return failed('the answer is not JSON');
  }
  if (!isJsonObject(answer)) return failed('the answer is not a JSON object');
  const decision = answer;
  if (decision.allowed === true) return { allowed: true, payout: decision };
  if (decision.allowed === false) {
    const reason = typeof decision.reason === 'string' && decision.reason !== '' ? decision.reason : 'no reason given';
    return { allowed: false, close: signalingClose(CloseCode.authWebhookRejected, `AUTH-WEBHOOK-REJECTED: ${reason}`) };
  }
  return failed('"allowed" must be true or false');
}

/** A connection the auth webhook let in, with its payouts; or how to refuse it. */
export type Authorization =
  { allowed: true; clientId: string | undefined; metadata: unknown; eventMetadata: unknown } | { allowed: false; close: SignalingClose };

/** What a connection tells the auth webhook about itself. */
export interface AuthRequest {
  channel: ChannelRecord;
  request: ConnectRequest;
  connectionId: string;
  /** The channel's established connections right now (`channel_connections`). */
  channelConnections: number;
}

/**
 * Asks the channel's auth webhook about a `connect` and checks the payouts: they are repeated in
 * every notify and event webhook, so they get the same bounds as what the client sends.
 */
export async function authorizeConnection(sender: WebhookSender, asked: AuthRequest, log: (line: string) => void): Promise<Authorization> {
  const decision = await askAuthWebhook(sender, asked.channel.auth_webhook_url, authWebhookBody(asked), asked.connectionId, log);
  if (!decision.allowed) return decision;
  const payout = decision.payout;
  const tooLarge =
    idProblem('client_id', payout.client_id) ??
    jsonValueProblem('metadata', payout.metadata) ??
    jsonValueProblem('event_metadata', payout.event_metadata);
  if (tooLarge !== undefined)
    return { allowed: false, close: signalingClose(CloseCode.authWebhookFailed, `AUTH-WEBHOOK-FAILED: ${tooLarge}`) };
  return {
    allowed: true,
    clientId: typeof payout.client_id === 'string' && payout.client_id !== '' ? payout.client_id : undefined,
    metadata: payout.metadata,
    eventMetadata: payout.event_metadata,
  };
}

/** The auth webhook's body, with Sora's fields. */
function authWebhookBody({ channel, request, connectionId, channelConnections }: AuthRequest): Record<string, unknown> {
  return {
    channel_id: channel.channel_id,
    connection_id: connectionId,
    client_id: request.clientId ?? connectionId,
    bundle_id: request.clientId ?? connectionId,
    role: request.role,
    metadata: request.metadata,
    audio: request.audio,
    video: request.video,
    simulcast: false,
    spotlight: false,
    multistream: true,
    sora_client: request.soraClient ?? '',
    environment: request.environment ?? '',
    signaling_notify_metadata: request.raw.signaling_notify_metadata,
    channel_connections: channelConnections,
    timestamp: new Date().toISOString(),
  };
}
