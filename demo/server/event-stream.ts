/**
 * A channel's server-sent events (`push`, `deleted`) with Hono's `streamSSE`: one-way and plain
 * HTTP, so it passes a strict CSP as `connect-src 'self'` and needs no library in the page
 * (EventSource). The stream ends when the client leaves or the channel is deleted.
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { DemoChannel } from '../shared/demo-api-types.js';
import type { ChannelBook, ChannelEvent } from './channel-book.js';

/** Proxies and browsers drop a connection that stays silent too long; a comment line keeps it open. */
const KEEP_ALIVE_MS = 20_000;
/** How long EventSource waits before reconnecting after a dropped connection. */
const RETRY_MS = 3_000;

export function streamChannelEvents(c: Context, book: ChannelBook, channel: DemoChannel): Response {
  return streamSSE(c, async (stream) => {
    if (channel.deleted_at !== undefined) {
      await stream.write(`retry: ${RETRY_MS}\n\n`);
      await send(stream, { type: 'deleted', data: channel });
      return; // returning ends the stream
    }
    await new Promise<void>((resolve) => {
      // Subscribed before the first line goes out: a client that has read it sees every later event.
      const unsubscribe = book.subscribe(channel.channel_id, (event) => {
        void send(stream, event);
        if (event.type === 'deleted') finish();
      });
      const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
      function finish() {
        clearInterval(keepAlive);
        unsubscribe();
        resolve();
      }
      stream.onAbort(finish);
      void stream.write(`retry: ${RETRY_MS}\n\n`);
    });
  });
}

function send(stream: SSEStreamingApi, event: ChannelEvent): Promise<void> {
  return stream.writeSSE({ event: event.type, data: JSON.stringify(event.data) });
}
