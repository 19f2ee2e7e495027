/**
 * Every route of the demo's backend, in one place, on Hono. Each request passes the door check
 * first (request-guard.ts: its own host names and origin only); the API answers JSON, errors
 * included; everything else is a page or a script of the pages (page-assets.ts).
 *
 *   GET    /api/session                     which service the demo talks to
 *   GET    /api/channels                    channels created in this session
 *   POST   /api/channels                    CreateChannel with the chosen `hls` settings
 *   GET    /api/channels/:id                one of them
 *   DELETE /api/channels/:id                DeleteChannel
 *   GET    /api/channels/:id/connections    ListConnections
 *   POST   /api/channels/:id/push           PushChannel, relayed to the event streams too
 *   GET    /api/channels/:id/events         server-sent events: `push`, `deleted`
 *   POST   /webhooks/events                 the emulator's event webhooks (broadcast-webhook.ts)
 */
import { Hono, type Context, type Handler } from 'hono';
import type { AllowedHosts } from './allowed-hosts.js';
import { createBroadcastWebhook } from './broadcast-webhook.js';
import type { ChannelBook } from './channel-book.js';
import { contentSecurityPolicy } from './content-security-policy.js';
import type { DemoApi } from './demo-api.js';
import { DemoHttpError } from './demo-http-error.js';
import { streamChannelEvents } from './event-stream.js';
import type { ImageFluxBackend } from './imageflux-backend.js';
import { jsonBody, readJson } from './json-body.js';
import type { PageAssets } from './page-assets.js';
import { requestGuard } from './request-guard.js';

export interface DemoAppOptions {
  api: DemoApi;
  assets: PageAssets;
  book: ChannelBook;
  backend: ImageFluxBackend;
  allowed: AllowedHosts;
  /** Where the service reaches this app's `/webhooks/events`, known once the server listens. */
  webhookBaseUrl(): string;
  log(line: string): void;
}

export function createDemoApp({ api, assets, book, backend, allowed, webhookBaseUrl, log }: DemoAppOptions): Hono {
  const app = new Hono();
  const channel = (c: Context) => api.channel(c.req.param('id') as string);
  const secret = backend.webhookSecret;
  const eventWebhookUrl = () => (secret === undefined ? undefined : new URL('/webhooks/events', webhookBaseUrl()).href);

  app.use(requestGuard(allowed));
  // On every answer: no content sniffing, and no Referer that would carry channel ids elsewhere.
  app.use(async (c, next) => {
    await next();
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
  });
  app.use('/api/*', async (c, next) => {
    // Hono answers HEAD with a GET route minus its body: an event stream would run on unseen.
    if (c.req.method === 'HEAD') throw new DemoHttpError(405, 'invalid-request', 'Use GET.');
    await next();
    // Answers change with every call (connections, deletions): never reuse one.
    c.header('cache-control', 'no-store');
  });

  app.get('/api/session', (c) => c.json(api.session()));
  app.all('/api/session', allowOnly('GET'));

  app.get('/api/channels', (c) => c.json(api.list()));
  app.post('/api/channels', jsonBody, async (c) => c.json(await api.createChannel(await readJson(c), eventWebhookUrl()), 201));
  app.all('/api/channels', allowOnly('GET', 'POST'));

  app.get('/api/channels/:id', (c) => c.json(channel(c)));
  app.delete('/api/channels/:id', async (c) => c.json(await api.deleteChannel(channel(c))));
  app.all('/api/channels/:id', allowOnly('GET', 'DELETE'));

  app.get('/api/channels/:id/connections', async (c) => c.json(await api.listConnections(channel(c))));
  app.all('/api/channels/:id/connections', allowOnly('GET'));

  app.post('/api/channels/:id/push', jsonBody, async (c) => c.json(await api.push(channel(c), await readJson(c))));
  app.all('/api/channels/:id/push', allowOnly('POST'));

  app.get('/api/channels/:id/events', (c) => streamChannelEvents(c, book, channel(c)));
  app.all('/api/channels/:id/events', allowOnly('GET'));

  if (secret !== undefined) {
    // @ifls/api's webhook handlers speak fetch: Hono hands them the request as it came.
    const webhook = createBroadcastWebhook(book, secret, log);
    app.post('/webhooks/events', (c) => webhook.handleFetch(c.req.raw));
  }

  app.get('*', (c) => {
    const asset = assets.get(c.req.path);
    if (asset === undefined) return c.notFound();
    c.header('content-type', asset.contentType);
    c.header('cache-control', 'no-cache');
    if (asset.isPage) {
      const media = { origins: [...emulatorOrigins(backend), ...book.mediaOrigins()], anySecureHost: backend.kind === 'service' };
      c.header('content-security-policy', contentSecurityPolicy(media));
      c.header('permissions-policy', 'camera=(self), microphone=(self)');
    }
    return c.body(asset.body);
  });

  app.notFound((c) => {
    if (!isApiPath(c.req.path)) return c.text('Not found', 404);
    return c.json(new DemoHttpError(404, 'not-found', `Nothing at ${c.req.method} ${c.req.path}.`).toBody(), 404);
  });
  app.onError((error, c) => {
    // The client hung up (mid-body, say): no one reads this answer, and it is no bug to log.
    const failure = c.req.raw.signal.aborted
      ? new DemoHttpError(400, 'invalid-request', 'The request ended before it was complete.')
      : DemoHttpError.from(error, log);
    return c.json(failure.toBody(), failure.status, { 'cache-control': 'no-store' });
  });
  return app;
}

/** The answer for the methods a path does not take (Hono's own would be a 404). */
function allowOnly(...methods: string[]): Handler {
  return () => {
    throw new DemoHttpError(405, 'invalid-request', `Use ${methods.join(' or ')}.`);
  };
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** The emulator's HTTP (HLS) and WebSocket (signaling) origins. */
function emulatorOrigins(backend: ImageFluxBackend): string[] {
  if (backend.emulator === undefined) return [];
  const http = new URL(backend.emulator.url);
  return [http.origin, `${http.protocol === 'https:' ? 'wss:' : 'ws:'}//${http.host}`];
}
