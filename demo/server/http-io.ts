/**
 * Reading and answering JSON over node:http, and the one error type the demo's API throws.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoErrorBody, DemoErrorCode } from '../shared/demo-api-types.js';

/** More than any request of the demo needs; a larger body is refused before it is buffered. */
const MAX_BODY_BYTES = 16 * 1024;
/** JSON is UTF-8 (RFC 8259); `fatal` refuses other bytes instead of turning them into U+FFFD. */
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Requests refused before their body was read to the end: their answer closes the connection. */
const unreadBodies = new WeakSet<IncomingMessage>();

/** An answer other than 2xx, with the body the pages show. */
export class DemoHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: DemoErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toBody(): DemoErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field === undefined ? {} : { field: this.field }) } };
  }
}

/**
 * The request's body as JSON. Whatever the client does is an answer, never a crash: a body that is
 * too large (413, refused from Content-Length before anything is read), compressed (415), not
 * UTF-8 or not JSON (400), or cut off by the client (400, though the client rarely hears it).
 * A slow body is ended by the server's request timeout (server-limits.ts).
 */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    unreadBodies.add(request);
    throw new DemoHttpError(415, 'invalid-request', 'Send the body as application/json.');
  }
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== '' && encoding !== 'identity') {
    unreadBodies.add(request);
    throw new DemoHttpError(415, 'invalid-request', `Send the body uncompressed, not as ${encoding}.`);
  }
  const tooLarge = () => {
    unreadBodies.add(request);
    return new DemoHttpError(413, 'invalid-request', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
  };
  if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof DemoHttpError) throw error;
    throw new DemoHttpError(400, 'invalid-request', 'The body ended before it was complete.');
  }
  let text: string;
  try {
    text = utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new DemoHttpError(400, 'invalid-request', 'The body is not UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DemoHttpError(400, 'invalid-request', 'The body is not JSON.');
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    // Answers change with every call (connections, deletions): never reuse one.
    'cache-control': 'no-store',
    // Answered before the body was read (too large, wrong type): end the connection rather than
    // read the rest of it (Node would read and discard it, however large).
    ...(unreadBodies.has(response.req) ? { connection: 'close' } : {}),
  });
  response.end(JSON.stringify(body));
}
