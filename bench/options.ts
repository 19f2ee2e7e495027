/**
 * How a bench run is set from the environment (the parts read their own counts through `setting`):
 * - `IFLS_BENCH_QUICK=1`: a short trial run (few runs, short windows): its figures say whether
 *   everything works, not how fast it is;
 * - `IFLS_BENCH_ENGINES=chromium,firefox,webkit`: the engines to measure in (all by default);
 * - `IFLS_BENCH_RESULTS=<folder>`: where latest.json and latest.md go. By default only a full run
 *   (every part, every engine, not quick) writes bench/results/; any other run writes to
 *   `$TMPDIR/ifls-bench/` so that a trial never replaces the published figures.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const quick = process.env.IFLS_BENCH_QUICK === '1';

/** A count or duration: its own environment variable when set, else the full or the quick default. */
export function setting(name: string, full: number, short: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return quick ? short : full;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${name}: not a number: ${value}`);
  return number;
}

export function resultsFolder(fullRun: boolean): string {
  if (process.env.IFLS_BENCH_RESULTS) return resolve(process.env.IFLS_BENCH_RESULTS);
  return fullRun ? fileURLToPath(new URL('results/', import.meta.url)) : join(tmpdir(), 'ifls-bench');
}

/**
 * Records that a figure (or a group, e.g. `player.webkit`) could not be measured, with why: it goes
 * to the results' `meta.failures`, and the figure is left out, never replaced by a made-up number.
 */
export type Fail = (key: string, error: unknown) => void;

export const logFailure: Fail = (key, error) => console.error(`bench: ${key} failed:`, error);
