/**
 * `npm run bench`: every figure of DESIGN.md's list in one run, beside the anchors, written to
 * latest.json and latest.md and printed as a table.
 * Each part starts (and ends) its own emulator and browsers. The figures are Chromium's unless
 * their key names another engine (`player.firefox.*`, `player.webkit.*`, `publisher.firefox.*`),
 * measured with the same pages through bench/engines/. A part, an engine or a figure that fails is
 * reported in `meta.failures` with its error, never as a number.
 * `node --import tsx bench/run.ts [part…]` runs some parts (emulator, publisher, player);
 * IFLS_BENCH_ENGINES, IFLS_BENCH_QUICK and IFLS_BENCH_RESULTS: see options.ts. Only a full run
 * writes bench/results/, and then also the table of the README's "Benchmark" section (readme.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { findChrome } from '@ifls/emulator/testing';
import { engineNames, launchedVersions, selectedEngines } from './engines/engine.js';
import { logFailure, quick, resultsFolder, type Fail } from './options.js';
import { updateReadme } from './readme.js';
import { formatTable, type Figures } from './report.js';

// Each part returns its own figure keys; report.ts reads them as Figures.
type Part = { name: string; run: (fail: Fail) => Promise<object> };

const parts: Part[] = [
  { name: 'emulator', run: async (fail) => (await import('./emulator.js')).benchEmulator(fail) },
  { name: 'publisher', run: async (fail) => (await import('./publisher.js')).benchPublisher(fail) },
  { name: 'player', run: async (fail) => (await import('./player.js')).benchPlayer(fail) },
];

const only = process.argv.slice(2);
for (const name of only) {
  if (!parts.some((part) => part.name === name))
    throw new Error(`unknown part "${name}" (known: ${parts.map((part) => part.name).join(', ')})`);
}
const engines = selectedEngines();
// Runs of some of the player part (player.ts, player-net.ts) are trials too.
const partOfPlayer = Boolean(process.env.BENCH_PLAYER_PARTS || process.env.BENCH_PLAYER_NET_PROFILES);
const fullRun = only.length === 0 && engines.length === engineNames.length && !quick && !partOfPlayer;
const figures: Figures = {};
const failures: Record<string, string> = {};
const partSeconds: Record<string, number> = {};
const started = Date.now();

const fail: Fail = (key, error) => {
  failures[key] = error instanceof Error ? (error.stack ?? error.message) : String(error);
  logFailure(key, error);
};

for (const part of parts) {
  if (only.length > 0 && !only.includes(part.name)) continue;
  console.log(`bench: ${part.name}…`);
  const partStarted = Date.now();
  try {
    Object.assign(figures, await part.run(fail));
  } catch (error) {
    fail(part.name, error);
  }
  partSeconds[part.name] = Math.round((Date.now() - partStarted) / 1000);
  console.log(`bench: ${part.name} took ${partSeconds[part.name]} s`);
}

const meta = {
  generated_at: new Date().toISOString(),
  duration_s: Math.round((Date.now() - started) / 1000),
  part_duration_s: partSeconds,
  ...(fullRun ? {} : { partial: { parts: only.length > 0 ? only : parts.map((part) => part.name), engines, quick } }),
  node: process.version,
  chromium: chromiumVersion(),
  firefox: launchedVersions.firefox ?? 'not run',
  webkit: launchedVersions.webkit ?? 'not run',
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model ?? 'unknown',
  failures,
};

const results = resultsFolder(fullRun);
const published = fullRun && !process.env.IFLS_BENCH_RESULTS;
mkdirSync(results, { recursive: true });
writeFileSync(join(results, 'latest.json'), JSON.stringify({ meta, ...figures }, null, 2) + '\n');
const table = formatTable(figures);
const engineLine = [meta.chromium, meta.firefox, meta.webkit].filter((name) => name !== 'not run').join(', ');
const failed = Object.keys(failures);
writeFileSync(
  join(results, 'latest.md'),
  `# Benchmark (${meta.generated_at})\n\n${meta.cpus} × ${meta.cpu_model}, Node ${meta.node}, ${engineLine}\n\n${table}\n` +
    (failed.length > 0 ? `\nNot measured (see \`meta.failures\` in latest.json): ${failed.map((key) => `\`${key}\``).join(', ')}\n` : ''),
);
console.log(`\n${table}\nwritten: ${join(results, 'latest.json')}, ${join(results, 'latest.md')} (${meta.duration_s} s)`);
if (published) {
  updateReadme(meta, figures);
  console.log('updated: the table of README.md "Benchmark"');
}
if (failed.length > 0) console.log(`failed: ${failed.join(', ')}`);
process.exit(failed.length > 0 ? 1 : 0);

function chromiumVersion(): string {
  try {
    return execFileSync(findChrome(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'chromium: unknown';
  }
}
