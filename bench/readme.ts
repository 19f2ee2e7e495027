/**
 * Puts a run's table into the README's "Benchmark" section, between the markers
 * `<!-- bench:results -->` and `<!-- /bench:results -->`, so that its numbers always come from a run.
 * run.ts does this after a full run (the one that writes bench/results/); run directly,
 * `node --import tsx bench/readme.ts` does it from bench/results/latest.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatTable, type Figures } from './report.js';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const start = '<!-- bench:results -->';
const end = '<!-- /bench:results -->';

export interface RunMeta {
  duration_s: number;
  node: string;
  chromium: string;
  firefox?: string;
  webkit?: string;
  cpus: number;
  cpu_model: string;
  failures: Record<string, string>;
}

/** The block between the markers: what ran where, the table, and what could not be measured. */
export function resultsBlock(meta: RunMeta, figures: Figures): string {
  const engines = [meta.chromium, meta.firefox, meta.webkit].filter((name) => name !== undefined && name !== 'not run').join('; ');
  const minutes = Math.max(1, Math.round(meta.duration_s / 60));
  const failed = Object.keys(meta.failures);
  return [
    `The last run (${meta.cpus} × ${meta.cpu_model}, Node ${meta.node}; ${engines}; about ${minutes} minutes):`,
    '',
    formatTable(figures),
    ...(failed.length > 0
      ? ['', `Not measured in that run (why: \`meta.failures\` in latest.json): ${failed.map((key) => `\`${key}\``).join(', ')}.`]
      : []),
  ].join('\n');
}

export function updateReadme(meta: RunMeta, figures: Figures): void {
  const readme = readFileSync(readmePath, 'utf8');
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from === -1 || to < from) throw new Error(`README.md has no ${start} … ${end} block in its Benchmark section`);
  writeFileSync(readmePath, `${readme.slice(0, from + start.length)}\n${resultsBlock(meta, figures)}\n${readme.slice(to)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { meta, ...figures } = JSON.parse(readFileSync(fileURLToPath(new URL('results/latest.json', import.meta.url)), 'utf8')) as {
    meta: RunMeta;
  } & Figures;
  updateReadme(meta, figures);
  console.log('README.md: Benchmark table updated from bench/results/latest.json');
}
