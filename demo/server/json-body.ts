/**
 * The JSON bodies of the demo's API: a middleware that refuses what cannot be a small JSON body
 * before it is read, and `readJson` for the route behind it. Whatever the client sends is an
 * answer, never a crash: too large (413, refused from Content-Length before anything is read),
 * compressed or not JSON by its type (415), not UTF-8 or not JSON (400). A slow body is ended by
 * the server's request timeout (server-limits.ts).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { DemoErrorBody } from '../shared/demo-api-types.js';
import { DemoHttpError } from './demo-http-error.js';

/** More than any request of the demo needs. */
export const MAX_BODY_BYTES = 16 * 1024;
/** JSON is UTF-8 (RFC 8259); `fatal` refuses other bytes instead of turning them into U+FFFD. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Hono's bodyLimit: from Content-Length when there is one, else while a chunked body streams in. */
const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => refuseUnread(c, 413, `The body is larger than ${MAX_BODY_BYTES} bytes.`),
});

export const jsonBody: MiddlewareHandler = async (c, next) => {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    return refuseUnread(c, 415, 'Send the body as application/json.');
  }
  const encoding = c.req.header('content-encoding')?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    return refuseUnread(c, 415, `Send the body uncompressed, not as ${encoding}.`);
  }
  return limit(c, next);
};

/**
 * The body as JSON. Not `c.req.json()`: it decodes leniently, so bytes that are not UTF-8 would
 * become U+FFFD in the channel's settings instead of a clear 400.
 */
export async function readJson(c: Context): Promise<unknown> {
  let bytes: ArrayBuffer;
  try {
    bytes = await c.req.arrayBuffer();
  } catch {
    // The client hung up mid-body (it rarely hears this answer).
    throw new DemoHttpError(400, 'invalid-request', 'The body ended before it was complete.');
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new DemoHttpError(400, 'invalid-request', 'The body is not UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DemoHttpError(400, 'invalid-request', 'The body is not JSON.');
  }
}

/**
 * A refusal sent before the body was read: it closes the connection rather than read the rest of
 * the body (Node would read and discard it, however large).
 */
function refuseUnread(c: Context, status: ContentfulStatusCode, message: string): Response {
  const body: DemoErrorBody = { error: { code: 'invalid-request', message } };
  return c.json(body, status, { connection: 'close' });
}
