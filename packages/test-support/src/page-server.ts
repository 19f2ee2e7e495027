/**
 * The one static server of the tests and the bench. Pages are served from http://127.0.0.1, a
 * secure context, so camera, microphone and MediaSource work. Nothing is cached: every page a test
 * opens starts cold.
 */
import { build } from 'esbuild';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const htmlType = 'text/html; charset=utf-8';
const javaScriptType = 'text/javascript; charset=utf-8';

const contentTypes: Record<string, string> = {
  '.html': htmlType,
  '.js': javaScriptType,
  '.mjs': javaScriptType,
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

/** Text a CDN would compress; media is compressed already. */
const compressible = /^(text\/|application\/json)/;

export interface PageServerOptions {
  /** Extra routes: a URL path (e.g. `/harness.js`) → a file on disk. */
  files?: Record<string, string>;
  /**
   * Send text gzip-compressed (level 9) to clients that accept it, as a CDN would. The bench needs
   * this: under network emulation Chromium shapes the bytes on the wire, and uncompressed
   * JavaScript would charge each player about three times its real download.
   */
  gzip?: boolean;
}

export interface PageServer {
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
  /** Serve `html` at `path` (e.g. `/publisher.html`), with optional extra response headers (CSP). */
  page(path: string, html: string, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

/**
 * Routes, first match wins:
 * - pages registered with `page()`;
 * - the `files` of the options;
 * - `/bundle/<repo-relative .ts path>`: that module bundled by esbuild (ESM, code splitting off),
 *   so a page can `import '/bundle/packages/elements/src/define/index.ts'`;
 * - `/repo/<repo-relative path>`: a file of the repository as is (node_modules included).
 */
export async function startPageServer(options: PageServerOptions = {}): Promise<PageServer> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const files = new Map(Object.entries(options.files ?? {}));
  const bundles = new Map<string, Promise<string>>();
  const compressor = options.gzip ? cachingGzip() : undefined;

  const answer = async (path: string): Promise<Answer | undefined> => {
    const page = pages.get(path);
    if (page) return { type: htmlType, body: page.html, headers: page.headers };
    const file = files.get(path);
    if (file !== undefined) return { type: contentTypeOf(file), body: await readFile(file) };
    const repoFile = repoPath(path);
    if (path.startsWith('/bundle/') && repoFile) {
      if (!bundles.has(repoFile)) bundles.set(repoFile, bundle(repoFile));
      return { type: javaScriptType, body: await bundles.get(repoFile)! };
    }
    if (path.startsWith('/repo/') && repoFile) return { type: contentTypeOf(repoFile), body: await readFile(repoFile) };
    return undefined;
  };

  const server: Server = createServer(async (request, response) => {
    try {
      const found = await answer(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
      if (!found) response.writeHead(404).end('not found');
      else send(request, response, found, compressor);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    page(path, html, headers = {}) {
      pages.set(path, { html, headers });
    },
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

interface Answer {
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

function send(request: IncomingMessage, response: ServerResponse, answer: Answer, compressor: Compressor | undefined): void {
  const headers = { 'content-type': answer.type, 'cache-control': 'no-store', ...answer.headers };
  if (!compressor || !compressible.test(answer.type)) {
    response.writeHead(200, headers).end(answer.body);
    return;
  }
  const vary = { ...headers, vary: 'accept-encoding' };
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
    response.writeHead(200, { ...vary, 'content-encoding': 'gzip' }).end(compressor(request.url ?? '', answer.body));
  } else {
    response.writeHead(200, vary).end(answer.body);
  }
}

type Compressor = (key: string, body: string | Buffer) => Buffer;

/** gzip -9 is slow on big bundles: each path is compressed again only when its content changed. */
function cachingGzip(): Compressor {
  const entries = new Map<string, { source: Buffer; compressed: Buffer }>();
  return (key, body) => {
    const source = typeof body === 'string' ? Buffer.from(body) : body;
    const cached = entries.get(key);
    if (cached && cached.source.equals(source)) return cached.compressed;
    const compressed = gzipSync(source, { level: 9 });
    entries.set(key, { source, compressed });
    return compressed;
  };
}

function contentTypeOf(file: string): string {
  return contentTypes[extname(file)] ?? 'application/octet-stream';
}

/** Maps `/bundle/x` or `/repo/x` to a file inside the repository; undefined for anything that escapes it. */
function repoPath(path: string): string | undefined {
  const relative = path.replace(/^\/(bundle|repo)\//, '');
  const file = normalize(join(repoRoot, relative));
  return file.startsWith(repoRoot + '/') ? file : undefined;
}

async function bundle(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    write: false,
    sourcemap: 'inline',
    target: 'es2022',
    tsconfig: join(repoRoot, 'packages/elements/tsconfig.json'),
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}
