/**
 * The page of the emulator's media tests and benchmarks: `media-harness/harness.js` drives the
 * unmodified sora-js-sdk and hls.js ESM builds (served at `/sora.js` and `/hls.mjs`) and reports
 * what happened as plain JSON. The harness page is at `${origin}/`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPageServer } from './page-server.js';

const here = join(dirname(fileURLToPath(import.meta.url)), 'media-harness');

/** Finds a file of an installed package by walking up from this folder (ESM-only packages cannot be `require.resolve`d). */
function packageFile(packageName: string, relativePath: string): string {
  let folder = here;
  for (;;) {
    const candidate = join(folder, 'node_modules', packageName, relativePath);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`${packageName}/${relativePath} is not installed`);
    folder = parent;
  }
}

export interface HarnessServer {
  /** e.g. `http://127.0.0.1:40123` */
  origin: string;
  close(): Promise<void>;
}

/** `files` maps extra URL paths to files (the benchmark adds its own pages). */
export async function startHarnessServer(files: Record<string, string> = {}): Promise<HarnessServer> {
  const server = await startPageServer({
    files: {
      '/sora.js': packageFile('sora-js-sdk', 'dist/sora.js'),
      '/hls.mjs': packageFile('hls.js', 'dist/hls.mjs'),
      '/harness.js': join(here, 'harness.js'),
      '/': join(here, 'page.html'),
      ...files,
    },
  });
  return { origin: server.url, close: () => server.close() };
}
