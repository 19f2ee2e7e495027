/**
 * A static server for browser tests: serves test pages and bundles TypeScript entry points on
 * request with esbuild (so a page can `import '/bundle/packages/elements/src/define/index.ts'`).
 * Pages are served from http://127.0.0.1, a secure context, so camera and MediaSource work.
 */
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

export interface PageServer {
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
  /** Serve `html` at `path` (e.g. `/publisher.html`), with optional extra response headers (CSP). */
  page(path: string, html: string, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

/**
 * Routes:
 * - pages registered with `page()`;
 * - `/bundle/<repo-relative .ts path>`: that module bundled (ESM, code splitting off);
 * - `/repo/<repo-relative path>`: a file of the repository as is (node_modules included).
 */
export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const bundles = new Map<string, Promise<string>>();

  const server: Server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    try {
      const page = pages.get(path);
      if (page) {
        response.writeHead(200, { 'content-type': contentTypes['.html']!, ...page.headers }).end(page.html);
        return;
      }
      const file = repoPath(path);
      if (path.startsWith('/bundle/') && file) {
        if (!bundles.has(file)) bundles.set(file, bundle(file));
        const code = await bundles.get(file)!;
        response.writeHead(200, { 'content-type': contentTypes['.js']! }).end(code);
        return;
      }
      if (path.startsWith('/repo/') && file) {
        const body = await readFile(file);
        response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' }).end(body);
        return;
      }
      response.writeHead(404).end('not found');
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
