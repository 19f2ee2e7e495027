/**
 * `npm run bench`: every figure of DESIGN.md's list in one run, beside the anchors, written to
 * bench/results/latest.json and latest.md and printed as a table.
 * Each part starts (and ends) its own emulator and Chromium; a part that fails is reported as
 * failed with its error, never as a number.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { findChrome } from '@ifls/emulator/testing';
import { formatTable, type Figures } from './report.js';

// Each part returns its own figure keys; report.ts reads them as Figures.
type Part = { name: string; run: () => Promise<object> };

const parts: Part[] = [
  { name: 'emulator', run: async () => (await import('./emulator.js')).benchEmulator() },
  { name: 'publisher', run: async () => (await import('./publisher.js')).benchPublisher() },
  { name: 'player', run: async () => (await import('./player.js')).benchPlayer() },
];

const only = process.argv.slice(2);
const figures: Figures = {};
const failures: Record<string, string> = {};
const started = Date.now();

for (const part of parts) {
  if (only.length > 0 && !only.includes(part.name)) continue;
  console.log(`bench: ${part.name}…`);
  try {
    Object.assign(figures, await part.run());
  } catch (error) {
    failures[part.name] = error instanceof Error ? error.stack ?? error.message : String(error);
    console.error(`bench: ${part.name} failed:`, error);
  }
}

const meta = {
  generated_at: new Date().toISOString(),
  duration_s: Math.round((Date.now() - started) / 1000),
  node: process.version,
  chromium: chromiumVersion(),
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model ?? 'unknown',
  failures,
};

const results = fileURLToPath(new URL('results/', import.meta.url));
mkdirSync(results, { recursive: true });
writeFileSync(`${results}latest.json`, JSON.stringify({ meta, ...figures }, null, 2) + '\n');
const table = formatTable(figures);
writeFileSync(`${results}latest.md`, `# Benchmark (${meta.generated_at})\n\n${meta.cpus} × ${meta.cpu_model}, Node ${meta.node}, ${meta.chromium}\n\n${table}\n`);
console.log(`\n${table}\nwritten: bench/results/latest.json, bench/results/latest.md (${meta.duration_s} s)`);
process.exit(Object.keys(failures).length > 0 ? 1 : 0);

function chromiumVersion(): string {
  try {
    return execFileSync(findChrome(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'chromium: unknown';
  }
}
