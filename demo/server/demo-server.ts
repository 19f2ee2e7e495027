/**
 * The demo's HTTP server: the pages, their scripts and the JSON API, on one origin. Every request
 * passes the door check first (request-guard.ts: its own host names and origin only), and the
 * server's timeouts and connection cap (server-limits.ts) keep slow clients from holding it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AllowedHosts } from './allowed-hosts.js';
import type { ChannelBook } from './channel-book.js';
import { contentSecurityPolicy } from './content-security-policy.js';
import type { DemoApi } from './demo-api.js';
import { sendJson } from './http-io.js';
import type { ImageFluxBackend } from './imageflux-backend.js';
import { lanAddresses } from './lan-addresses.js';
import type { PageAssets } from './page-assets.js';
import { refusalOf, sendRefusal } from './request-guard.js';
import { DEFAULT_SERVER_LIMITS, serverOptionsOf, type ServerLimits } from './server-limits.js';

export interface DemoServerOptions {
  host: string;
  port: number;
  api: DemoApi;
  assets: PageAssets;
  book: ChannelBook;
  backend: ImageFluxBackend;
  log(line: string): void;
  /** Host names a proxy in front of the demo uses (IFLS_DEMO_ALLOWED_HOSTS), besides its own. */
  extraAllowedHosts?: readonly string[];
  /** Timeouts and the connection cap; the defaults are DEFAULT_SERVER_LIMITS. */
  limits?: Partial<ServerLimits>;
}

export interface RunningDemoServer {
  /** The address to open, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  /** The same page at this machine's network addresses, when the demo listens on every interface. */
  lanUrls: string[];
  close(): Promise<void>;
}

export async function startDemoServer(options: DemoServerOptions): Promise<RunningDemoServer> {
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const lan = lanAddresses(options.host);
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  const allowed = new AllowedHosts([...(wildcard ? [] : [options.host]), ...lan], options.extraAllowedHosts);
  const server = createServer(serverOptionsOf(limits), (request, response) => {
    const refusal = refusalOf(request, allowed);
    if (refusal !== undefined) return sendRefusal(response, refusal);
    answer(request, response, options).catch((error: unknown) => {
      options.log(`Unexpected error on ${request.method} ${request.url}: ${error instanceof Error ? error.stack : String(error)}`);
      if (!response.headersSent) sendJson(response, 500, { error: { code: 'internal-error', message: 'Unexpected error.' } });
      else response.destroy();
    });
  });
  server.maxConnections = limits.maxConnections;
  await listen(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const reachable = wildcard ? 'localhost' : options.host;
  return {
    url: `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}/`,
    lanUrls: lan.map((address) => `http://${address}:${port}/`),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Event streams never end by themselves.
        server.closeAllConnections();
      }),
  };
}

async function answer(request: IncomingMessage, response: ServerResponse, options: DemoServerOptions): Promise<void> {
  const path = pathOf(request);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  if (await options.api.handle(request, response, path)) return;

  const asset = options.assets.get(path);
  if (asset === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const headers: Record<string, string> = { 'content-type': asset.contentType, 'cache-control': 'no-cache' };
  if (asset.isPage) {
    headers['content-security-policy'] = contentSecurityPolicy({
      origins: [...emulatorOrigins(options.backend), ...options.book.mediaOrigins()],
      anySecureHost: options.backend.kind === 'service',
    });
    headers['permissions-policy'] = 'camera=(self), microphone=(self)';
  }
  response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : asset.body);
}

/** The emulator's HTTP (HLS) and WebSocket (signaling) origins. */
function emulatorOrigins(backend: ImageFluxBackend): string[] {
  if (backend.emulator === undefined) return [];
  const http = new URL(backend.emulator.url);
  return [http.origin, `${http.protocol === 'https:' ? 'wss:' : 'ws:'}//${http.host}`];
}

function pathOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://demo.invalid').pathname;
  } catch {
    return '';
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
