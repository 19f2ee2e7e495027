// The shape checks of issue 13, run by `npm run lint`: no import cycle among the packages' sources
// (type-only imports count: a cycle of types is still two files that cannot be read apart), and no
// file in packages/*/src over 350 lines, tests (`*.test.*`) aside.
// Usage: node scripts/lint/code-shape.mjs   (prints each problem; exits 1 when there is one)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';

export const MAX_LINES = 350;
const sourceExtensions = ['ts', 'tsx', 'js', 'mjs'];

/** Every import cycle among the files under `dirs`, each as the list of files it runs through. */
export async function findCycles(dirs, { baseDir, tsConfig }) {
  const graph = await madge(dirs, {
    baseDir,
    fileExtensions: sourceExtensions,
    // Resolves `./x.js` to `./x.ts` the way tsc does (NodeNext).
    tsConfig,
    excludeRegExp: [/\/node_modules\//, /\/dist\//],
    detectiveOptions: { ts: { skipTypeImports: false }, tsx: { skipTypeImports: false } },
  });
  return graph.circular();
}

/** Files under `dir` (recursively) longer than `limit` lines, but tests. */
export function findLongFiles(dir, limit = MAX_LINES) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findLongFiles(path, limit));
    if (!entry.isFile() || entry.name.includes('.test.')) continue;
    // A file ending in a newline has as many lines as newlines.
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > limit) found.push({ path, lines });
  }
  return found;
}

/** The packages' src folders under `root`. */
export function packageSources(root) {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, 'packages', entry.name, 'src'));
}

async function main() {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const sources = packageSources(root);
  const cycles = await findCycles(sources, { baseDir: root, tsConfig: join(root, 'tsconfig.base.json') });
  const longFiles = sources.flatMap((dir) => findLongFiles(dir));
  for (const cycle of cycles) console.log(`import cycle: ${[...cycle, cycle[0]].join(' → ')}`);
  for (const { path, lines } of longFiles) console.log(`${relative(root, path)}: ${lines} lines, over ${MAX_LINES}`);
  console.log(`${cycles.length} import cycles, ${longFiles.length} files over ${MAX_LINES} lines in packages/*/src`);
  if (cycles.length > 0 || longFiles.length > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
