/**
 * Bundles entry points the way an application's bundler or the CDN build would: ESM with code
 * splitting, so that dynamic imports (the player's hls.js chunk) become chunks of their own that
 * load on demand. The output goes into `node_modules/.cache/` inside the repository, where the page
 * server serves it at `/repo/…`, and tells which files a page loads up front and which later.
 */
import { build, type Metafile } from 'esbuild';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface SplitBuild {
  /** URL path of each entry's output at the page server, by entry name: `/repo/node_modules/.cache/…/name.js`. */
  entryUrls: Record<string, string>;
  /** Absolute paths of every output file an entry loads before anything else (itself and its static imports). */
  initialFiles(entry: string): string[];
  /** Absolute paths of the output files an entry loads only through dynamic imports. */
  lazyFiles(entry: string): string[];
  remove(): Promise<void>;
}

/** `entries` maps an output name to a repository-relative TypeScript file. */
export async function splitBuild(entries: Record<string, string>, options: { minify?: boolean } = {}): Promise<SplitBuild> {
  const cache = join(repoRoot, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  const folder = await mkdtemp(join(cache, 'ifls-split-'));
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, join(repoRoot, file)])),
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? false,
    outdir: folder,
    metafile: true,
    absWorkingDir: repoRoot,
    tsconfig: join(repoRoot, 'packages/elements/tsconfig.json'),
    logLevel: 'silent',
  });
  // Metafile paths are relative to the repository root.
  const outputs = result.metafile.outputs;
  const outputOf = (name: string) => relative(repoRoot, join(folder, `${name}.js`));
  const toAbsolute = (path: string) => join(repoRoot, path);

  const staticClosure = (start: string[]) => {
    const seen = new Set<string>();
    const visit = (path: string) => {
      if (seen.has(path)) return;
      seen.add(path);
      for (const imported of outputs[path]?.imports ?? []) {
        if (imported.kind === 'import-statement') visit(imported.path);
      }
    };
    start.forEach(visit);
    return seen;
  };

  return {
    entryUrls: Object.fromEntries(Object.keys(entries).map((name) => [name, `/repo/${outputOf(name)}`])),
    initialFiles(entry) {
      return [...staticClosure([outputOf(entry)])].map(toAbsolute);
    },
    lazyFiles(entry) {
      const initial = staticClosure([outputOf(entry)]);
      const dynamic = [...initial].flatMap((path) => dynamicImports(outputs, path));
      return [...staticClosure(dynamic)].filter((path) => !initial.has(path)).map(toAbsolute);
    },
    remove() {
      return rm(folder, { recursive: true, force: true });
    },
  };
}

function dynamicImports(outputs: Metafile['outputs'], path: string): string[] {
  return (outputs[path]?.imports ?? []).filter((imported) => imported.kind === 'dynamic-import').map((imported) => imported.path);
}
