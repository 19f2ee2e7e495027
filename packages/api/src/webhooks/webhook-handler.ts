import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest webhook body accepted; anything bigger is answered 413 without being read to the end. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export interface WebhookAnswer {
  status: number;
  body: unknown;
}

/** A webhook endpoint usable both with Node's `http` and with fetch-style `Request`/`Response` servers. */
export interface WebhookHandler {
  /** For `http.createServer((req, res) => handler.handleNode(req, res))`, Express and the like. */
  handleNode(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** For fetch-style servers (Hono, Next.js route handlers, Deno, Bun, workers). */
  handleFetch(request: Request): Promise<Response>;
}

/** Builds a `WebhookHandler` from one function that turns a parsed JSON body into an answer. */
export function createWebhookHandler(answer: (payload: unknown) => Promise<WebhookAnswer>): WebhookHandler {
  async function handleText(method: string, text: string | undefined): Promise<WebhookAnswer> {
    if (method !== 'POST') return { status: 405, body: { error_type: 'METHOD-NOT-ALLOWED', message: 'use POST' } };
    if (text === undefined) return { status: 413, body: { error_type: 'PAYLOAD-TOO-LARGE', message: 'body over 1 MiB' } };
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      return { status: 400, body: { error_type: 'INVALID-JSON', message: 'the body is not JSON' } };
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return { status: 400, body: { error_type: 'INVALID-JSON', message: 'the body is not a JSON object' } };
    }
    return answer(payload);
  }

  return {
    async handleNode(request, response) {
      const text = await readNodeBody(request);
      const { status, body } = await handleText(request.method ?? 'GET', text);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    },
    async handleFetch(request) {
      const text = await readFetchBody(request);
      const { status, body } = await handleText(request.method, text);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  };
}

/**
 * The body as text, or undefined when it is over the limit. An oversized body is drained (so the
 * sender reads the 413 rather than a reset connection) up to a hard cap, past which the socket is cut.
 */
async function readNodeBody(request: IncomingMessage): Promise<string | undefined> {
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
  return size > MAX_WEBHOOK_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

const DRAIN_LIMIT_BYTES = 16 * MAX_WEBHOOK_BODY_BYTES;

async function readFetchBody(request: Request): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
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
  return Buffer.concat(chunks).toString('utf8');
}
