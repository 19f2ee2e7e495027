import type { IncomingMessage, ServerResponse } from 'node:http';
import { isJsonObject } from '../json-object.js';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER, type WebhookSignatureOptions } from './webhook-signature.js';

/** Largest webhook body accepted; anything bigger is answered 413 without being read to the end. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * How long a body may take to arrive. A webhook sender posts a small JSON body at once; a client
 * that trickles one byte at a time would otherwise hold a socket and a pending handler for ever.
 */
export const WEBHOOK_BODY_TIMEOUT_MS = 10_000;

export interface WebhookAnswer {
  status: number;
  body: unknown;
}

/**
 * A webhook endpoint usable both with Node's `http` and with fetch-style `Request`/`Response` servers.
 * Neither method ever rejects, whatever the client does (hangs up mid-body, trickles it, sends bytes
 * that are not UTF-8): a server that calls them without a `catch` cannot be brought down by a request.
 */
export interface WebhookHandler {
  /** For `http.createServer((req, res) => handler.handleNode(req, res))`, Express and the like. */
  handleNode(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** For fetch-style servers (Hono, Next.js route handlers, Deno, Bun, workers). */
  handleFetch(request: Request): Promise<Response>;
}

/** Options of the webhook handlers. */
export interface WebhookHandlerOptions {
  /**
   * Accept only webhooks signed with this secret (`x-ifls-signature`, which the emulator sends
   * when it runs with `IFLS_EMULATOR_WEBHOOK_SECRET`); others are answered 401 and never reach
   * your function. Off when absent. See webhook-signature.ts.
   */
  signature?: WebhookSignatureOptions;
}

const INVALID_SIGNATURE: WebhookAnswer = {
  status: 401,
  body: { error_type: 'INVALID-SIGNATURE', message: `the ${WEBHOOK_SIGNATURE_HEADER} header is missing, stale or does not match the body` },
};

/** Builds a `WebhookHandler` from one function that turns a parsed JSON body into an answer. */
export function createWebhookHandler(
  answer: (payload: unknown) => Promise<WebhookAnswer>,
  options: WebhookHandlerOptions = {},
): WebhookHandler {
  async function handleBody(method: string, signature: string | null | undefined, bytes: Uint8Array | undefined): Promise<WebhookAnswer> {
    if (method !== 'POST') return { status: 405, body: { error_type: 'METHOD-NOT-ALLOWED', message: 'use POST' } };
    if (bytes === undefined) return { status: 413, body: { error_type: 'PAYLOAD-TOO-LARGE', message: 'body over 1 MiB' } };
    // Checked on the bytes as received, before anything of the body is believed.
    if (options.signature && !(await verifyWebhookSignature(signature, bytes, options.signature))) return INVALID_SIGNATURE;
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return { status: 400, body: { error_type: 'INVALID-JSON', message: 'the body is not JSON' } };
    }
    if (!isJsonObject(payload)) {
      return { status: 400, body: { error_type: 'INVALID-JSON', message: 'the body is not a JSON object' } };
    }
    return answer(payload);
  }

  async function handle(
    method: string,
    signature: string | null | undefined,
    read: () => Promise<Uint8Array | undefined>,
  ): Promise<WebhookAnswer> {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await read();
    } catch (error) {
      if (error instanceof BodyTimeoutError) return { status: 408, body: { error_type: 'REQUEST-TIMEOUT', message: error.message } };
      return { status: 400, body: { error_type: 'INVALID-BODY', message: 'the body could not be read to its end' } };
    }
    try {
      return await handleBody(method, signature, bytes);
    } catch {
      // `answer` is ours and does not throw; this keeps the promise from rejecting if that ever changes.
      return { status: 500, body: { error_type: 'INTERNAL-ERROR', message: 'the webhook handler failed' } };
    }
  }

  return {
    async handleNode(request, response) {
      const signature = request.headers[WEBHOOK_SIGNATURE_HEADER];
      const { status, body } = await handle(request.method ?? 'GET', Array.isArray(signature) ? signature.join(',') : signature, () =>
        readNodeBody(request),
      );
      // A client that hung up has no one left to read the answer.
      if (response.destroyed || response.writableEnded) return;
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      // Cut the connection when the body was not read to its end: its rest would otherwise be taken for the next request.
      if (!request.complete) response.once('finish', () => request.destroy());
    },
    async handleFetch(request) {
      const { status, body } = await handle(request.method, request.headers.get(WEBHOOK_SIGNATURE_HEADER), () => readFetchBody(request));
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  };
}

class BodyTimeoutError extends Error {
  constructor() {
    super(`the body did not arrive within ${WEBHOOK_BODY_TIMEOUT_MS / 1000} s`);
  }
}

/** Runs `read` with the body deadline; `abort` stops the read once it is passed. */
async function withBodyDeadline<T>(read: Promise<T>, abort: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort();
      reject(new BodyTimeoutError());
    }, WEBHOOK_BODY_TIMEOUT_MS);
  });
  try {
    return await Promise.race([read, deadline]);
  } finally {
    clearTimeout(timer);
    // The losing read may still reject (the aborted stream): nobody waits for it.
    read.catch(() => {});
  }
}

/**
 * The body as text, or undefined when it is over the limit. An oversized body is drained (so the
 * sender reads the 413 rather than a reset connection) up to a hard cap, past which the socket is cut.
 */
function readNodeBody(request: IncomingMessage): Promise<Uint8Array | undefined> {
  return withBodyDeadline(readWholeNodeBody(request), () => request.pause());
}

async function readWholeNodeBody(request: IncomingMessage): Promise<Uint8Array | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DRAIN_LIMIT_BYTES) {
      request.destroy();
      break;
    }
    if (size <= MAX_WEBHOOK_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_WEBHOOK_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

const DRAIN_LIMIT_BYTES = 16 * MAX_WEBHOOK_BODY_BYTES;

function readFetchBody(request: Request): Promise<Uint8Array | undefined> {
  if (!request.body) return Promise.resolve(new Uint8Array(0));
  const reader = request.body.getReader();
  return withBodyDeadline(readWholeFetchBody(reader), () => void reader.cancel().catch(() => {}));
}

async function readWholeFetchBody(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_WEBHOOK_BODY_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
