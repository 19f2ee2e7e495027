/**
 * Posts one webhook (auth or event) the way every webhook of the emulator is posted: to an
 * address the WebhookAddressPolicy allows, signed when the operator gave a secret, within a
 * deadline for the whole exchange, reading at most a bounded answer, never following a
 * redirect (a redirect to a refused address would otherwise get past the policy).
 *
 * Signature (opt-in; neither ImageFlux nor Sora documents one): the header
 * `x-ifls-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, made afresh
 * for every attempt. The README says how a receiver checks it; `@ifls/api`'s handlers do.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readBody } from '../read-body.js';
import { WebhookAddressPolicy } from './webhook-address-policy.js';

export const SIGNATURE_HEADER = 'x-ifls-signature';

/** No answer (status and what was asked of the body) within the deadline. */
export class WebhookTimeoutError extends Error {
  /** The error's name, as logs show it. */
  override readonly name = 'WebhookTimeoutError';
}

/** The answer's body is longer than the caller reads. */
export class WebhookAnswerTooLargeError extends Error {
  /** The error's name, as logs show it. */
  override readonly name = 'WebhookAnswerTooLargeError';
}

export interface WebhookPost {
  url: string;
  /** The JSON text to send, exactly as signed. */
  body: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Bytes of the answer's body read; over this the exchange fails. 0: the body is not read at all. */
  maxAnswerBytes: number;
  /** Ends the exchange early (the emulator is closing). */
  signal?: AbortSignal;
}

export interface WebhookReply {
  status: number;
  /** The answer's body ('' when `maxAnswerBytes` is 0). */
  body: string;
}

export interface WebhookSenderOptions {
  policy?: WebhookAddressPolicy;
  /** Signs every webhook with it when set. */
  secret?: string;
}

/** The `x-ifls-signature` value for `body` sent at `unixSeconds`. */
export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}

export class WebhookSender {
  /** Which addresses a webhook may be sent to. */
  readonly policy: WebhookAddressPolicy;
  // A true private field (the rest of the package uses TypeScript's `private`): not enumerable, so
  // util.inspect and JSON.stringify never show the signing secret.
  readonly #secret: string | undefined;

  constructor(options: WebhookSenderOptions = {}) {
    this.policy = options.policy ?? new WebhookAddressPolicy();
    this.#secret = options.secret === '' ? undefined : options.secret;
  }

  /** Whether webhooks carry a signature header (a secret was given). */
  get signs(): boolean {
    return this.#secret !== undefined;
  }

  /**
   * Rejects with WebhookAddressRefusedError (the policy), WebhookTimeoutError,
   * WebhookAnswerTooLargeError, or the network's error; resolves with any HTTP status.
   */
  async post(post: WebhookPost): Promise<WebhookReply> {
    const url = new URL(post.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`not an http(s) URL: ${url.protocol}`);
    this.policy.checkHost(url.hostname);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(post.body)),
      ...post.headers,
    };
    if (this.#secret !== undefined) headers[SIGNATURE_HEADER] = webhookSignature(this.#secret, post.body, Math.floor(Date.now() / 1000));
    const timeout = AbortSignal.timeout(post.timeoutMs);
    const signal = post.signal ? AbortSignal.any([timeout, post.signal]) : timeout;
    try {
      return await this.exchange(url, post, headers, signal);
    } catch (error) {
      if (timeout.aborted) throw new WebhookTimeoutError(`no answer within ${post.timeoutMs / 1000} s`, { cause: error });
      throw error;
    }
  }

  private exchange(url: URL, post: WebhookPost, headers: Record<string, string>, signal: AbortSignal): Promise<WebhookReply> {
    return new Promise((resolve, reject) => {
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
        method: 'POST',
        headers,
        signal,
        lookup: this.policy.lookup,
        // one request per connection: nothing of a webhook's socket outlives its exchange
        agent: false,
      });
      request.once('error', reject);
      request.once('response', (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        if (post.maxAnswerBytes === 0) {
          response.destroy();
          resolve({ status, body: '' });
          return;
        }
        readBounded(response, post.maxAnswerBytes).then((body) => resolve({ status, body }), reject);
      });
      request.end(post.body);
    });
  }
}

/** The body as text, failing (and cutting the connection) as soon as it passes `maxBytes`. */
async function readBounded(response: IncomingMessage, maxBytes: number): Promise<string> {
  const body = await readBody(response, maxBytes);
  if (body.kind === 'complete') return body.bytes.toString('utf8');
  response.destroy();
  if (body.kind === 'too-large') throw new WebhookAnswerTooLargeError(`the answer is over ${maxBytes} bytes`);
  throw new Error('the answer was cut off');
}
