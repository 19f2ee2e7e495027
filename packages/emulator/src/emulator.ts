import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { ApiEndpoint } from './api/api-endpoint.js';
import { ApiError } from './api/api-error.js';
import { archiveDestinationTargets } from './api/archive-destination-targets.js';
import { channelTargets } from './api/channel-targets.js';
import { sendJson } from './api/json-response.js';
import { soraTargets } from './api/sora-targets.js';
import type { TargetContext, TargetHandlers } from './api/target-handlers.js';
import { FileArchiveRoot } from './file-archive-root.js';
import { applyConnectionCap, httpLimitsOf, serverOptionsOf, type HttpLimits } from './http-limits.js';
import { MediaPlane } from './media/media-plane.js';
import type { ArchiveDestinationRecord, MediaPlaneSeam } from './media-seam.js';
import { Store } from './store.js';
import { DataDirLock } from './store/data-dir-lock.js';
import { tenantOf } from './store/tenant.js';
import { describeError } from './describe-error.js';

export interface EmulatorOptions extends Partial<HttpLimits> {
  /** TCP port to listen on; 0 (the default) takes any free port. */
  port?: number;
  /** Address to listen on; default `127.0.0.1`. */
  host?: string;
  /**
   * Access tokens the API accepts; each one is a tenant that sees only its own channels and
   * archive destinations. When none is given one development token (`dev-` + 32 hex) is made up.
   */
  tokens?: string[];
  /**
   * Folder that keeps channels and archive destinations across restarts (`store/`, a file per
   * tenant) and the media plane's files (`media/`). Without it everything is in memory and media
   * files go to a temporary folder removed by `close()`. One emulator at a time: it holds
   * `emulator.lock` in the folder until `close()`, and a second one refuses to start.
   */
  dataDir?: string;
  /**
   * The folder `file://` archive destinations may point into (created if missing). Without it,
   * `file://` destinations are refused: they would let any API client make the emulator write
   * anywhere its user may.
   */
  archiveRoot?: string;
  /** ffmpeg to run; by default the media plane finds one (FFMPEG_PATH, PATH, @ffmpeg-installer/ffmpeg). */
  ffmpegPath?: string;
  /**
   * Lets auth and event webhooks go to link-local addresses (169.254.0.0/16, fe80::/10) and cloud
   * metadata services, refused by default so a channel's webhook URL cannot make the emulator a
   * probe of its host's network. Loopback and private networks are always allowed.
   */
  allowInternalWebhooks?: boolean;
  /**
   * A shared secret: every webhook then carries `x-ifls-signature: t=<unix>,v1=<HMAC-SHA256 hex>`
   * (README, "Checking that a webhook is genuine"). Default: `IFLS_EMULATOR_WEBHOOK_SECRET`, else unsigned.
   */
  webhookSecret?: string;
  /** Where log lines go; by default nowhere. Lines never contain tokens or request bodies. */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** The API endpoint, with its trailing slash (the API lives at `/`), e.g. `http://127.0.0.1:5080/`. */
  url: string;
  /** The accepted access tokens: those given, or the one made up. */
  tokens: string[];
  /** Ends every connection and ffmpeg, stops listening, removes temporary files. Safe to call twice. */
  close(): Promise<void>;
}

/** Starts an ImageFlux Live Streaming compatible service on this machine. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? '127.0.0.1';
  const tokens = options.tokens !== undefined && options.tokens.length > 0 ? [...options.tokens] : [developmentToken()];
  for (const token of tokens) {
    if (!/^\S+$/.test(token)) throw new Error('An access token must be a non-empty string without spaces.');
  }
  const log = options.log ?? (() => {});
  const httpLimits = httpLimitsOf(options);
  const fileArchiveRoot = new FileArchiveRoot(options.archiveRoot);

  // Before the store is read: another emulator on the folder may be writing it.
  const lock = options.dataDir === undefined ? undefined : DataDirLock.acquire(options.dataDir);
  let store: Store;
  let temporaryWorkDir: string | undefined;
  let workDir: string;
  try {
    store = new Store(options.dataDir);
    temporaryWorkDir = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'ifls-emulator-')) : undefined;
    workDir = temporaryWorkDir ?? join(options.dataDir as string, 'media');
    mkdirSync(workDir, { recursive: true });
  } catch (error) {
    lock?.release();
    throw error;
  }

  const server = createServer(serverOptionsOf(httpLimits));
  applyConnectionCap(server, httpLimits, log);
  let media: MediaPlaneSeam;
  try {
    await listen(server, options.port ?? 0, host);
    media = new MediaPlane({
      publicUrl: publicUrlOf(server, host),
      workDir,
      ffmpegPath: options.ffmpegPath,
      allowInternalWebhooks: options.allowInternalWebhooks,
      webhookSecret: options.webhookSecret,
      findChannel: (channelId) => store.findChannel(channelId),
      findArchiveDestination: (archiveDestinationId) => archivableDestination(store, fileArchiveRoot, archiveDestinationId, log),
      log,
    });
  } catch (error) {
    server.close();
    if (temporaryWorkDir !== undefined) rmSync(temporaryWorkDir, { recursive: true, force: true });
    lock?.release();
    throw error;
  }
  const context: TargetContext = { store, media, fileArchiveRoot };
  const handlers: TargetHandlers = {
    ...channelTargets(context),
    ...archiveDestinationTargets(context),
    ...soraTargets(context),
  };
  const api = new ApiEndpoint({ handlers, tenants: new Set(tokens.map(tenantOf)), log });

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    route(request, response, api, media).catch((error: unknown) => answerUnexpected(response, error, log));
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    try {
      if (!media.handleUpgrade(request, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    } catch (error) {
      log(`Unexpected error on an upgrade to ${request.url}: ${describeError(error)}`);
      socket.destroy();
    }
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // The headers or request timeout (http-limits.ts) ran out: say so, as Node would without this handler.
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      try {
        await media.close();
      } finally {
        server.closeAllConnections();
        await stopped;
        if (temporaryWorkDir !== undefined) rmSync(temporaryWorkDir, { recursive: true, force: true });
        // Writes still in flight finish under the lock, so the next emulator reads them.
        await store.settled();
        lock?.release();
      }
    })();
    return closing;
  };

  return { url: `${publicUrlOf(server, host)}/`, tokens, close };
}

/**
 * The destination an archive may use now: a file:// one whose folder is (still) inside the archive
 * root, checked again as the archive starts because the folder may have become a link since.
 */
function archivableDestination(
  store: Store,
  root: FileArchiveRoot,
  archiveDestinationId: string,
  log: (line: string) => void,
): ArchiveDestinationRecord | undefined {
  const destination = store.findArchiveDestination(archiveDestinationId);
  const refusal = destination === undefined ? undefined : root.refusalOf(destination.bucket_uri);
  if (refusal === undefined) return destination;
  log(`Archive destination ${archiveDestinationId} not used: ${refusal}`);
  return undefined;
}

async function route(request: IncomingMessage, response: ServerResponse, api: ApiEndpoint, media: MediaPlaneSeam): Promise<void> {
  if (pathOf(request) === '/') return api.handle(request, response);
  if (media.handleHttp(request, response)) return;
  sendJson(response, 404, new ApiError(404, 'NOT-FOUND', `Nothing at ${request.method} ${pathOf(request)}; the API is POST /.`).toBody());
}

function answerUnexpected(response: ServerResponse, error: unknown, log: (line: string) => void): void {
  log(`Unexpected error: ${describeError(error)}`);
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, 500, new ApiError(500, 'INTERNAL-ERROR', 'The emulator failed on this request; its log says why.').toBody());
}

function pathOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://emulator.invalid').pathname;
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

/** Where clients reach the server: a wildcard address is reached through loopback. */
function publicUrlOf(server: Server, host: string): string {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

function developmentToken(): string {
  return `dev-${randomBytes(16).toString('hex')}`;
}
