/**
 * The demo's event webhook (`POST /webhooks/events`): the service tells the demo when a channel's
 * broadcaster connects and leaves, and the demo's console says so. It is `@ifls/api`'s handler as
 * it ships: it checks the signature, parses the body and answers the service; the demo only
 * decides what an event means.
 */
import { createEventWebhookHandler, isConnectionEventWebhook, type WebhookHandler } from '@ifls/api';
import type { ChannelBook } from './channel-book.js';

export function createBroadcastWebhook(book: ChannelBook, secret: string, log: (line: string) => void): WebhookHandler {
  return createEventWebhookHandler(
    (event) => {
      // Viewers of HLS have no connection; a `sendonly` one is the broadcaster's <ifls-publisher>.
      if (!isConnectionEventWebhook(event) || event.role !== 'sendonly') return;
      // A channel of another session (or another app) on the same account is none of the demo's business.
      if (book.find(event.channel_id) === undefined) return;
      if (event.type === 'connection.created') log(`Channel ${event.channel_id}: the broadcaster is live`);
      if (event.type === 'connection.destroyed') log(`Channel ${event.channel_id}: the broadcaster left`);
    },
    { signature: { secret } },
  );
}
