/**
 * The pages and their scripts, held in memory. The scripts are TypeScript bundled with esbuild once
 * at startup (a second or so), so running the demo needs no build step of its own and a broken
 * import stops the demo at once instead of on the first page view.
 */
import { build } from 'esbuild';
import { readFile, readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pagesDir = fileURLToPath(new URL('../pages/', import.meta.url));
const scriptsDir = join(pagesDir, 'scripts');

/** Address of each page: short paths, so a shared viewer link reads `/watch?channel=…`. */
const PAGE_FILES: Record<string, string> = {
  '/': 'index.html',
  '/broadcast': 'broadcast.html',
  '/watch': 'watch.html',
  '/channel': 'channel.html',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface Asset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Pages get the Content-Security-Policy header. */
  isPage: boolean;
}

export type PageAssets = ReadonlyMap<string, Asset>;

export async function loadPageAssets(): Promise<PageAssets> {
  const assets = new Map<string, Asset>();
  for (const [path, file] of Object.entries(PAGE_FILES)) {
    assets.set(path, { body: await readFile(join(pagesDir, file)), contentType: CONTENT_TYPES['.html'] as string, isPage: true });
  }
  for (const file of await readdir(pagesDir)) {
    const type = CONTENT_TYPES[extname(file)];
    if (type !== undefined && extname(file) !== '.html') {
      assets.set(`/${file}`, { body: await readFile(join(pagesDir, file)), contentType: type, isPage: false });
    }
  }
  for (const [name, body] of await bundleScripts()) {
    assets.set(`/assets/${name}`, { body, contentType: CONTENT_TYPES[extname(name)] as string, isPage: false });
  }
  return assets;
}

/** One ES module per page (`*-page.ts`), shared code and the lazily loaded hls.js in chunks. */
async function bundleScripts(): Promise<Map<string, Uint8Array<ArrayBuffer>>> {
  const entryPoints = (await readdir(scriptsDir)).filter((file) => file.endsWith('-page.ts')).map((file) => join(scriptsDir, file));
  const result = await build({
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    charset: 'utf8',
    outdir: join(pagesDir, 'assets'), // not written: only names the chunks
    write: false,
    tsconfig: join(pagesDir, 'tsconfig.json'),
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((file) => [basename(file.path), new Uint8Array(file.contents)]));
}
