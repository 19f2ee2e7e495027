/** What the bench reads about a Chromium page through CDP rather than from inside the page. */
import type { Cdp } from './engines/engine.js';

interface Metrics {
  metrics: { name: string; value: number }[];
}

/**
 * Starts counting the page's main-thread busy time: CDP Performance's TaskDuration (seconds the
 * renderer's main thread spent running tasks: script, style, layout, paint, the players' timers).
 * Decoding and MSE parsing run on other threads and are not in it. `stop()` answers the busy
 * milliseconds per second of wall time since the start.
 */
export async function startCpuMeter(cdp: Cdp): Promise<{ stop(): Promise<number> }> {
  await cdp.send('Performance.enable');
  const read = async () => {
    const { metrics } = await cdp.send<Metrics>('Performance.getMetrics');
    const value = (name: string) => {
      const found = metrics.find((metric) => metric.name === name);
      if (!found) throw new Error(`CDP Performance.getMetrics has no ${name}`);
      return found.value;
    };
    return { taskS: value('TaskDuration'), atS: value('Timestamp') };
  };
  const start = await read();
  return {
    async stop() {
      const end = await read();
      return ((end.taskS - start.taskS) * 1000) / (end.atS - start.atS);
    },
  };
}

/** The page's JS heap in use (bytes) right after a full garbage collection, so that garbage not yet collected does not count. */
export async function heapAfterGc(cdp: Cdp): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send<{ usedSize: number }>('Runtime.getHeapUsage');
  return usedSize;
}
