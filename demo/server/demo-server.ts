/**
 * The demo's HTTP server: the Hono app (demo-app.ts) on the Node server `@hono/node-server`
 * creates, with the timeouts and connection cap that keep slow clients from holding it
 * (server-limits.ts).
 */
import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AllowedHosts } from './allowed-hosts.js';
import type { ChannelBook } from './channel-book.js';
import type { DemoApi } from './demo-api.js';
import { createDemoApp } from './demo-app.js';
import type { ImageFluxBackend } from './imageflux-backend.js';
import { lanAddresses } from './lan-addresses.js';
import type { PageAssets } from './page-assets.js';
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
  let webhookBaseUrl = '';
  const app = createDemoApp({ ...options, allowed, webhookBaseUrl: () => webhookBaseUrl });
  const server = createAdaptorServer({
    fetch: app.fetch,
    serverOptions: serverOptionsOf(limits),
    // Only names the request's URL when a client sends no Host (HTTP/1.0); the door check reads
    // the header itself and refuses such a request.
    hostname: 'no-host.invalid',
  }) as Server;
  server.maxConnections = limits.maxConnections;
  await listen(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const reachable = wildcard ? 'localhost' : options.host;
  // The emulator runs beside the demo: it posts its webhooks to the address the demo listens on.
  webhookBaseUrl = `http://${bracketed(wildcard ? '127.0.0.1' : options.host)}:${port}/`;
  return {
    url: `http://${bracketed(reachable)}:${port}/`,
    lanUrls: lan.map((address) => `http://${address}:${port}/`),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // Event streams never end by themselves.
        server.closeAllConnections();
      }),
  };
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
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
