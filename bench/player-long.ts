/**
 * `<ifls-player>` playing for BENCH_PLAYER_LONG_SECONDS (default 600) on localhost in Chromium, alone:
 *   player.long.heap_growth_mb   the page's JS heap in use after a forced full GC (CDP) at the end
 *                                minus the same at the start (after 5 s of playback), in MB of 2^20
 *                                bytes: what a viewer's tab keeps growing by
 *   player.long.buffered_s_max   the most seconds the video element held buffered (all ranges
 *                                summed, sampled every second in the page): stays small when
 *                                the back buffer is trimmed, grows with the run when it is not
 * Alone because it is ten minutes of a fourth decoding page: run beside the timed figures, it would
 * take CPU from them on a two-core machine; its own figures do not depend on timing much.
 */
import type { BenchBrowser } from './engines/engine.js';
import { heapAfterGc } from './cdp-metrics.js';
import { setting } from './options.js';
import { sleep } from '@ifls/test-support/sleep.js';
import { openBenchPage, settleSeconds } from './player-runs.js';

const longSeconds = setting('BENCH_PLAYER_LONG_SECONDS', 600, 60);

/** `url`: the bench page for <ifls-player> with `&buffered`. */
export async function measureLongRun(browser: BenchBrowser, url: string): Promise<Record<string, number>> {
  console.log(`bench: player long run (${longSeconds} s)…`);
  const { page } = await openBenchPage(browser, url);
  try {
    const cdp = page.cdp;
    if (!cdp) throw new Error(`${browser.engine}: no CDP to force a GC and read the heap`);
    await sleep(settleSeconds * 1000);
    const heapStart = await heapAfterGc(cdp);
    const playedStart = await page.evaluate<number>('window.benchVideo.currentTime');
    await sleep(longSeconds * 1000);
    const heapEnd = await heapAfterGc(cdp);
    // A player that stopped early would hold little and grow nothing: not a figure.
    const played = (await page.evaluate<number>('window.benchVideo.currentTime')) - playedStart;
    if (played < longSeconds * 0.9) throw new Error(`played ${Math.round(played)} s of the ${longSeconds} s run`);
    const bufferedMax = await page.evaluate<number>('window.benchResult.bufferedMax');
    return {
      'player.long.heap_growth_mb': Math.round(((heapEnd - heapStart) / 2 ** 20) * 100) / 100,
      'player.long.buffered_s_max': Math.round(bufferedMax * 10) / 10,
    };
  } finally {
    await page.close();
  }
}
