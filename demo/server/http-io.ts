/**
 * Reading and answering JSON over node:http, and the one error type the demo's API throws.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoErrorBody, DemoErrorCode } from '../shared/demo-api-types.js';

/** More than any request of the demo needs; a larger body is refused before it is buffered. */
const MAX_BODY_BYTES = 16 * 1024;

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

export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    throw new DemoHttpError(415, 'invalid-request', 'Send the body as application/json.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new DemoHttpError(413, 'invalid-request', `The body is larger than ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new DemoHttpError(400, 'invalid-request', 'The body is not JSON.');
  }
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    // Answers change with every call (connections, deletions): never reuse one.
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}
