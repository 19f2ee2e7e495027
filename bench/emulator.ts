/**
 * The emulator's figures (DESIGN.md "The benchmark's output"):
 *   emulator.first_playlist_ms  broadcaster connected (sora-js-sdk `connect()` resolved) -> playlist answers 200
 *   emulator.g2g_ms             glass-to-glass through the emulator with bare hls.js defaults: a canvas shows
 *                               Date.now() as a bar code, the player page reads it back from the decoded pixels
 *   emulator.cpu_per_channel    cores used by node + ffmpeg for one 640x480@30 channel (from /proc/<pid>/stat)
 *   emulator.channels_2core     640x480@30 channels carried at once, each first playlist ≤ 1.5 s and no ffmpeg
 *                               restart, with emulator.channels_2core_stop saying why the ramp stopped
 *                               (channel-capacity.ts: its own emulator and browser, after the figures above)
 * Run directly: `node --import tsx bench/emulator.ts` prints the JSON.
 * Chromium only. Environment: BENCH_G2G_SECONDS (default 60), BENCH_CHANNELS (default 5), BENCH_CPU_SECONDS
 * (default 10); IFLS_BENCH_QUICK=1 shortens all three.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startEmulator } from '../packages/emulator/src/emulator.js';
import { launchChromium } from '@ifls/emulator/testing';
import { startHarnessServer } from '@ifls/test-support/media-harness.js';
import { ffmpegPidFor } from '@ifls/test-support/process-children.js';
import { sleep } from '@ifls/test-support/sleep.js';
import { benchChannelCapacity, type CapacityFigures } from './channel-capacity.js';
import { logFailure, setting, type Fail } from './options.js';

export interface Distribution {
  p50: number;
  p95: number;
  n: number;
}

export interface EmulatorFigures extends Partial<CapacityFigures> {
  'emulator.first_playlist_ms': Distribution;
  'emulator.g2g_ms': Distribution;
  'emulator.cpu_per_channel': number;
}

const pagesFolder = join(dirname(fileURLToPath(import.meta.url)), 'pages');

/** The bench page's `window.bench` (pages/emulator-bench.js), typed for page.evaluate callbacks. */
interface BenchGlobal {
  bench: {
    publish(name: string, soraUrl: string, channelId: string): Promise<{ connectedAt: number; connectionId: string }>;
    unpublish(name: string): Promise<void>;
    play(url: string): boolean;
    takeSamples(): { samples: number[]; currentTime: number };
    stopPlaying(): void;
  };
}

interface Channel {
  channel_id: string;
  sora_url: string;
  playlist_url: string;
}

const hlsEntry = {
  durationSeconds: 1,
  startTimeOffset: -2,
  video: { width: 640, height: 480, fps: 30, bps: 1_000_000 },
  audio: { bps: 64_000 },
};

export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!);
  return { p50: Math.round(at(0.5)), p95: Math.round(at(0.95)), n: sorted.length };
}

/** `fail` records a capacity ramp that could not run (its figures are left out, the others kept). */
export async function benchEmulator(fail: Fail = logFailure): Promise<EmulatorFigures> {
  const single = await benchSingleChannel();
  // After the single-channel figures, with nothing of theirs left running: the ramp loads the machine.
  try {
    return { ...single, ...(await benchChannelCapacity()) };
  } catch (error) {
    fail('emulator.channels_2core', error);
    return single;
  }
}

async function benchSingleChannel(): Promise<Omit<EmulatorFigures, keyof CapacityFigures>> {
  const channels = setting('BENCH_CHANNELS', 5, 2);
  const g2gSeconds = setting('BENCH_G2G_SECONDS', 60, 10);
  const cpuSeconds = setting('BENCH_CPU_SECONDS', 10, 3);

  const emulator = await startEmulator();
  const pages = await startHarnessServer({
    '/emulator-bench.html': join(pagesFolder, 'emulator-bench.html'),
    '/emulator-bench.js': join(pagesFolder, 'emulator-bench.js'),
    '/timecode.js': join(pagesFolder, 'timecode.js'),
  });
  const browser = await launchChromium();
  try {
    const api = async <T>(target: string, body: unknown): Promise<T> => {
      const response = await fetch(emulator.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sora-target': target, authorization: `Bearer ${emulator.tokens[0]}` },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${target}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    const page = await browser.newPage();
    await page.goto(`${pages.origin}/emulator-bench.html`);
    await page.waitForFunction(() => 'bench' in globalThis);

    const firstPlaylist: number[] = [];
    for (let index = 0; index < channels; index += 1) {
      const channel = await api<Channel>('ImageFlux_20180905.CreateChannel', { hls: [hlsEntry] });
      const { connectedAt, firstOkAt } = await publishAndWaitForPlaylist(page, `first-${index}`, channel);
      firstPlaylist.push(firstOkAt - connectedAt);
      await page.evaluate((name) => (globalThis as unknown as BenchGlobal).bench.unpublish(name), `first-${index}`);
      await api('ImageFlux_20180501.DeleteChannel', { channel_id: channel.channel_id });
    }

    const channel = await api<Channel>('ImageFlux_20180905.CreateChannel', { hls: [hlsEntry] });
    await publishAndWaitForPlaylist(page, 'g2g', channel);

    // CPU first, with the broadcast alone (no player): what one channel costs the emulator.
    await sleep(2000);
    const ffmpegPid = ffmpegPidFor(channel.channel_id);
    const cpuPerChannel = await coresUsed([process.pid, ...(ffmpegPid ? [ffmpegPid] : [])], cpuSeconds);

    await page.evaluate((url) => (globalThis as unknown as BenchGlobal).bench.play(url), channel.playlist_url);
    const samples: number[] = [];
    // Let the player settle: the first frames are the ones hls.js decodes while catching up.
    await sleep(5000);
    await page.evaluate(() => (globalThis as unknown as BenchGlobal).bench.takeSamples());
    const deadline = Date.now() + g2gSeconds * 1000;
    while (Date.now() < deadline) {
      await sleep(1000);
      samples.push(...(await page.evaluate(() => (globalThis as unknown as BenchGlobal).bench.takeSamples())).samples);
    }
    await page.evaluate(() => (globalThis as unknown as BenchGlobal).bench.stopPlaying());
    await page.evaluate(() => (globalThis as unknown as BenchGlobal).bench.unpublish('g2g'));
    await api('ImageFlux_20180501.DeleteChannel', { channel_id: channel.channel_id });

    return {
      'emulator.first_playlist_ms': distribution(firstPlaylist),
      'emulator.g2g_ms': distribution(samples),
      'emulator.cpu_per_channel': Math.round(cpuPerChannel * 1000) / 1000,
    };
  } finally {
    await browser.close();
    await pages.close();
    await emulator.close();
  }
}

/** Publishes and polls the playlist every 20 ms; both times are read from the same machine clock. */
async function publishAndWaitForPlaylist(page: Page, name: string, channel: Channel): Promise<{ connectedAt: number; firstOkAt: number }> {
  let firstOkAt: number | undefined;
  let stop = false;
  const polling = (async () => {
    while (!stop) {
      const response = await fetch(channel.playlist_url).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status === 200) {
        firstOkAt = Date.now();
        return;
      }
      await sleep(20);
    }
  })();
  const { connectedAt } = await page.evaluate(
    ([name, soraUrl, channelId]) => (globalThis as unknown as BenchGlobal).bench.publish(name, soraUrl, channelId),
    [name, channel.sora_url, channel.channel_id] as const,
  );
  const timeout = setTimeout(() => (stop = true), 30_000);
  await polling;
  clearTimeout(timeout);
  if (firstOkAt === undefined) throw new Error(`no playlist for ${channel.channel_id} within 30 s`);
  return { connectedAt, firstOkAt };
}

/** Cores used by `pids` together over `seconds` (user + system time). */
async function coresUsed(pids: number[], seconds: number): Promise<number> {
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  const cpuTicks = () =>
    pids.reduce((sum, pid) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[11] and fields[12] are utime and stime (fields 14 and 15 of proc(5))
      return sum + Number(fields[11]) + Number(fields[12]);
    }, 0);
  const startTicks = cpuTicks();
  const startedAt = process.hrtime.bigint();
  await sleep(seconds * 1000);
  const elapsed = Number(process.hrtime.bigint() - startedAt) / 1e9;
  return (cpuTicks() - startTicks) / ticksPerSecond / elapsed;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchEmulator(), null, 2));
}
