/**
 * Server-sent events (text/event-stream): one-way and plain HTTP, so it passes a strict CSP as
 * `connect-src 'self'` and needs no library on either side.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Proxies and browsers drop a connection that stays silent too long; a comment line keeps it open. */
const KEEP_ALIVE_MS = 20_000;

export interface EventStream {
  send(type: string, data: unknown): void;
  end(): void;
}

/** Starts an event stream on `response`; `onClose` runs once, however it ends. */
export function openEventStream(request: IncomingMessage, response: ServerResponse, onClose: () => void): EventStream {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  // How long EventSource waits before reconnecting after a dropped connection.
  response.write('retry: 3000\n\n');
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(keepAlive);
    onClose();
  };
  request.once('close', close);
  return {
    send(type, data) {
      if (!closed) response.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    end() {
      close();
      response.end();
    },
  };
}
