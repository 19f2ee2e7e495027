/**
 * One bench page's run, in any engine: open bench/pages/player-bench.html and read
 * `window.benchResult` back. TTFF runs, glass-to-glass windows and CPU windows of the player part
 * (player.ts, player-net.ts, player-long.ts) are all made of these.
 */
import type { BenchBrowser, BenchPage, OpenOptions } from './engines/engine.js';
import { startCpuMeter } from './cdp-metrics.js';
import { watchRequests, type RequestWatch } from './page-requests.js';
import { sleep } from '@ifls/test-support/sleep.js';

/** The first seconds of a run are the start itself; the windows are about holding playback. */
export const settleSeconds = 5;

/** `window.benchResult` of bench/pages/player-bench.js; times from the page's performance.now(). */
export interface BenchResult {
  connectedAt: number;
  /** With `&hold`: when the page's scripts had run and it began to wait for `benchStart()`. */
  readyAt?: number;
  firstFrameAt?: number;
  stalls: number;
  stallMs: number;
  stalledSince?: number;
  samples: number[];
  unreadable: number;
  presentedFrames: number;
  bufferedMax: number;
}

/** Something the bench runs on a page for a while (a network drop schedule): started, then stopped. */
export type During = (page: BenchPage) => Promise<() => Promise<void>>;

/** Opens a bench page (a fresh browsing context: cold cache) and waits for its first frame. */
export async function openBenchPage(
  browser: BenchBrowser,
  url: string,
  options?: OpenOptions,
): Promise<{ page: BenchPage; result: BenchResult }> {
  const page = await browser.open(url, options);
  try {
    await page.waitFor('window.benchResult?.firstFrameAt !== undefined', 30_000);
    return { page, result: await page.evaluate<BenchResult>('window.benchResult') };
  } catch (error) {
    await page.close().catch(() => {});
    throw error;
  }
}

export async function ttffRun(browser: BenchBrowser, url: string): Promise<{ ttff: number; ttffPage: number }> {
  const { page, result } = await openBenchPage(browser, url);
  await page.close();
  return { ttff: result.firstFrameAt! - result.connectedAt, ttffPage: result.firstFrameAt! };
}

/** Quiet on the network this long (ms) means the page has loaded (bench/page-requests.ts). */
export const settledQuietMs = 500;

/**
 * TTFF of a page opened with `&hold` (Chromium: needs `page.cdp`): loaded first, by the same rule
 * for every player (its own requests settled: none in flight for `settledQuietMs`), then `during`
 * starts (e.g. network drops at a chosen phase) and the player is given its stream at once, so
 * that whatever `during` does is timed from the connection, not from an unknown moment of the
 * page's load. Also `ttffPage`: when the page had loaded (its scripts run and its last request
 * answered, from navigation) plus `ttff`, the page's own load kept in view.
 */
export async function heldTtffRun(
  browser: BenchBrowser,
  url: string,
  options: { open?: OpenOptions; during?: During },
): Promise<{ ttff: number; ttffPage: number }> {
  let requests: RequestWatch | undefined;
  const page = await browser.open(url, {
    beforeNavigate: async (page) => {
      await options.open?.beforeNavigate?.(page);
      if (!page.cdp) throw new Error(`${browser.engine}: no CDP to see the page's requests with`);
      requests = await watchRequests(page.cdp);
    },
  });
  let stop = async () => {};
  try {
    await page.waitFor("'benchStart' in window");
    await requests!.settled(settledQuietMs);
    const loadedAt = await page.evaluate<number>(
      "Math.max(window.benchResult.readyAt, ...performance.getEntriesByType('resource').map((entry) => entry.responseEnd))",
    );
    if (options.during) stop = await options.during(page);
    await page.evaluate('void window.benchStart()');
    await page.waitFor('window.benchResult.firstFrameAt !== undefined', 30_000);
    const result = await page.evaluate<BenchResult>('window.benchResult');
    const ttff = result.firstFrameAt! - result.connectedAt;
    return { ttff, ttffPage: loadedAt + ttff };
  } finally {
    await stop();
    await page.close();
  }
}

export interface WindowFigures {
  samples: number[];
  stalls: number;
  stallMs: number;
  shownFps: number;
}

/**
 * Plays for `settleSeconds`, then collects the g2g samples, counts the stalls and sums the stalled
 * time of the next `seconds` (a stall still open at the end counts up to then), with `during`
 * running over exactly that window. Fails, rather than answering an empty distribution, when no
 * frame's time code read.
 */
export async function g2gRun(
  browser: BenchBrowser,
  url: string,
  seconds: number,
  options: { open?: OpenOptions; during?: During } = {},
): Promise<WindowFigures> {
  const { page } = await openBenchPage(browser, url, options.open);
  let stop = async () => {};
  try {
    await sleep(settleSeconds * 1000);
    type Taken = Pick<BenchResult, 'stalls' | 'stallMs' | 'samples' | 'unreadable' | 'presentedFrames'> & { at: number };
    const take = `(() => {
      const r = window.benchResult;
      const at = performance.now();
      const taken = {
        stalls: r.stalls,
        stallMs: r.stallMs + (r.stalledSince === undefined ? 0 : at - r.stalledSince),
        samples: r.samples.splice(0), unreadable: r.unreadable, presentedFrames: r.presentedFrames, at,
      };
      r.unreadable = 0;
      return taken;
    })()`;
    const before = await page.evaluate<Taken>(take);
    if (options.during) stop = await options.during(page);
    await sleep(seconds * 1000);
    const after = await page.evaluate<Taken>(take);
    const presented = after.presentedFrames - before.presentedFrames;
    if (after.samples.length === 0) {
      throw new Error(
        `no time code read from the played frames in ${seconds} s (${presented} frames presented, ${after.unreadable} read, none readable)`,
      );
    }
    const shownFps = Math.round((presented / ((after.at - before.at) / 1000)) * 10) / 10;
    return { samples: after.samples, stalls: after.stalls - before.stalls, stallMs: Math.round(after.stallMs - before.stallMs), shownFps };
  } finally {
    await stop();
    await page.close();
  }
}

/**
 * Main-thread busy milliseconds per second of playback (Chromium: needs `page.cdp`), over `seconds`
 * after `settleSeconds`, on a page that reads no time code: reading one is a full-frame
 * getImageData per frame, more main-thread work than a player's own.
 */
export async function cpuRun(browser: BenchBrowser, url: string, seconds: number): Promise<number> {
  const { page } = await openBenchPage(browser, url);
  try {
    if (!page.cdp) throw new Error(`${browser.engine}: no CDP to read main-thread time from`);
    await sleep(settleSeconds * 1000);
    const meter = await startCpuMeter(page.cdp);
    await sleep(seconds * 1000);
    return Math.round((await meter.stop()) * 10) / 10;
  } finally {
    await page.close();
  }
}
