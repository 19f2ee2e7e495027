/**
 * A tiny static server for browser tests and benchmarks: the unmodified sora-js-sdk and hls.js
 * ESM builds from node_modules, and the harness pages beside this file. Pages are served from
 * http://127.0.0.1 (a secure context, so getUserMedia works).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Finds a file of an installed package by walking up from this folder (ESM-only packages cannot be `require.resolve`d). */
export function packageFile(packageName: string, relativePath: string): string {
  let folder = here;
  for (;;) {
    const candidate = join(folder, 'node_modules', packageName, relativePath);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`${packageName}/${relativePath} is not installed`);
    folder = parent;
  }
}

export interface PageServer {
  /** e.g. `http://127.0.0.1:40123` */
  origin: string;
  close(): Promise<void>;
}

/** `routes` maps extra paths to files (the benchmark adds its own pages). */
export async function startPageServer(routes: Record<string, string> = {}): Promise<PageServer> {
  const files: Record<string, { path: string; type: string }> = {
    '/sora.js': { path: packageFile('sora-js-sdk', 'dist/sora.js'), type: 'text/javascript' },
    '/hls.mjs': { path: packageFile('hls.js', 'dist/hls.mjs'), type: 'text/javascript' },
    '/harness.js': { path: join(here, 'harness.js'), type: 'text/javascript' },
    '/': { path: join(here, 'page.html'), type: 'text/html; charset=utf-8' },
  };
  for (const [route, path] of Object.entries(routes)) {
    files[route] = { path, type: path.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript' };
  }
  const server: Server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://x').pathname];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
    response.end(readFileSync(file.path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
