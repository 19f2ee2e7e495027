/**
 * Serves the viewer pages and the players' bundles (`/repo/<repository path>`) gzip-compressed, as
 * a CDN would: under network emulation Chromium shapes the bytes on the wire, and the test page
 * server sends JavaScript uncompressed, which would charge each player three times its real
 * download (the sizes the bench reports, `*_gz_bytes`, are gzip -9 too). Compressed once per file.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

const textTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

export interface ViewerServer {
  /** e.g. `http://127.0.0.1:40123`; `${url}/repo/bench/pages/player-bench.html` is the player page. */
  url: string;
  close(): Promise<void>;
}

export async function startViewerServer(): Promise<ViewerServer> {
  const compressed = new Map<string, { mtimeMs: number; body: Buffer }>();
  const server: Server = createServer(async (request, response) => {
    try {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      const file = path.startsWith('/repo/') ? normalize(join(repoRoot, path.slice('/repo/'.length))) : undefined;
      const type = file ? textTypes[extname(file)] : undefined;
      if (!file || !file.startsWith(repoRoot + sep) || !type) {
        response.writeHead(404).end('not found');
        return;
      }
      const { mtimeMs } = await stat(file);
      let entry = compressed.get(file);
      if (!entry || entry.mtimeMs !== mtimeMs) {
        entry = { mtimeMs, body: gzipSync(await readFile(file), { level: 9 }) };
        compressed.set(file, entry);
      }
      // Every viewer page starts cold (a fresh browser context); nothing here is cached across them.
      const headers = { 'content-type': type, 'cache-control': 'no-store', vary: 'accept-encoding' };
      if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
        response.writeHead(200, { ...headers, 'content-encoding': 'gzip' }).end(entry.body);
      } else {
        response.writeHead(200, headers).end(await readFile(file));
      }
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close() {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}
