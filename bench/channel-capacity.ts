/**
 * `emulator.channels_2core`: how many 640x480@30 channels this machine carries at once with every
 * channel's first playlist within 1.5 s and no ffmpeg restart (issue 12).
 *
 * Channels are added one at a time and all keep broadcasting. Each new channel is published from
 * Chromium's fake camera and microphone (the emulator's test harness page: sora-js-sdk, H.264 +
 * Opus), and timed from sora-js-sdk's `connect()` resolving to the channel's playlist answering 200,
 * both read from the same machine clock. After a short steady period every channel so far is
 * checked for a restart. The ramp stops at the first channel that misses 1.5 s, at the first
 * restart, or at the cap; the figure is the number of channels that were carried before that.
 *
 * A restart is seen from outside the transcoder: a playlist that carries `#EXT-X-DISCONTINUITY`
 * (a new ffmpeg run continues the playlist after one, see packages/emulator/src/media/variant-playlist.ts),
 * or an emulator log line saying that ffmpeg exited or is started again.
 *
 * The publishers run on the same machine as the emulator, as they do in every bench part: the
 * figure is what one machine does with both, not the emulator alone. Other load on the machine
 * lowers it. Run alone: `node --import tsx bench/channel-capacity.ts` prints the JSON.
 * BENCH_CAPACITY_CAP (default 12, quick 3) bounds the ramp, BENCH_CAPACITY_SETTLE_SECONDS
 * (default 4, quick 2) the steady period after each channel; the whole ramp stays under ~3 minutes.
 */
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startEmulator } from '../packages/emulator/src/emulator.js';
import { launchChromium } from '@ifls/emulator/testing';
import { startHarnessServer } from '@ifls/test-support/media-harness.js';
import { sleep } from '@ifls/test-support/sleep.js';
import { setting } from './options.js';

/** The goal each channel's first playlist must meet (DESIGN.md, `emulator.first_playlist_ms`). */
export const FIRST_PLAYLIST_LIMIT_MS = 1500;
/** Past this a channel has clearly missed; polling goes on no longer. */
const PLAYLIST_WAIT_MS = 20_000;
/** The ramp as a whole: a machine that carries everything still ends in bounded time. */
const RAMP_BUDGET_MS = 170_000;

export interface CapacityFigures {
  /** Channels carried at once within the limits. */
  'emulator.channels_2core': number;
  /** Why the ramp stopped, e.g. `channel 4: first playlist 1734 ms` or `cap 12 reached`, and the machine's load then. */
  'emulator.channels_2core_stop': string;
}

interface Channel {
  channel_id: string;
  sora_url: string;
  playlist_url: string;
}

/** The harness page's `window.harness` (packages/test-support/src/media-harness/harness.js). */
interface HarnessGlobal {
  harness: {
    publish(name: string, options: { soraUrl: string; channelId: string }): Promise<{ ok: boolean; message?: string }>;
    disconnect(name: string): Promise<void>;
  };
}

const hlsEntry = {
  durationSeconds: 1,
  startTimeOffset: -2,
  video: { width: 640, height: 480, fps: 30, bps: 1_000_000 },
  audio: { bps: 64_000 },
};

export async function benchChannelCapacity(): Promise<CapacityFigures> {
  const cap = setting('BENCH_CAPACITY_CAP', 12, 3);
  const settleMs = setting('BENCH_CAPACITY_SETTLE_SECONDS', 4, 2) * 1000;
  const restartLines: string[] = [];
  const emulator = await startEmulator({
    log: (line) => {
      // The first line only: an exit's line goes on with ffmpeg's last output.
      if (/ffmpeg.*(exited|HLS stops)|restarting ffmpeg/i.test(line)) restartLines.push(line.split('\n')[0]!);
    },
  });
  const pages = await startHarnessServer();
  const browser = await launchChromium();
  const started = Date.now();
  const loadAtStart = loadavg()[0]!;
  const live: Channel[] = [];
  let carried = 0;
  let stop = `cap ${cap} reached`;
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
    await page.goto(`${pages.origin}/`);
    await page.waitForFunction(() => 'harness' in globalThis);

    for (let count = 1; count <= cap; count += 1) {
      if (Date.now() - started > RAMP_BUDGET_MS) {
        stop = `time budget (${RAMP_BUDGET_MS / 1000} s) used up after ${count - 1} channels`;
        break;
      }
      const channel = await api<Channel>('ImageFlux_20180905.CreateChannel', { hls: [hlsEntry] });
      live.push(channel);
      const outcome = await publishAndTimePlaylist(page, `channel-${count}`, channel);
      console.log(`bench: capacity: channel ${count}: ${outcome.ok ? `first playlist ${outcome.firstPlaylistMs} ms` : outcome.problem}`);
      if (!outcome.ok) {
        stop = `channel ${count}: ${outcome.problem}`;
        break;
      }
      if (outcome.firstPlaylistMs > FIRST_PLAYLIST_LIMIT_MS) {
        stop = `channel ${count}: first playlist ${outcome.firstPlaylistMs} ms`;
        break;
      }
      await sleep(settleMs);
      const restarted = await restartedChannel(live, restartLines);
      if (restarted !== undefined) {
        stop = `channel ${count}: ffmpeg restart (${restarted})`;
        break;
      }
      carried = count;
    }
    await Promise.all(
      live.map((_channel, index) =>
        page.evaluate((name) => (globalThis as unknown as HarnessGlobal).harness.disconnect(name), `channel-${index + 1}`).catch(() => {}),
      ),
    );
    // Other programs' load lowers the figure; the load the ramp started on says how much to trust it.
    return {
      'emulator.channels_2core': carried,
      'emulator.channels_2core_stop': `${stop} (load average ${loadAtStart.toFixed(1)} at start)`,
    };
  } finally {
    await browser.close();
    await pages.close();
    await emulator.close();
  }
}

type PublishOutcome = { ok: true; firstPlaylistMs: number } | { ok: false; problem: string };

/**
 * Publishes the fake camera to `channel` and times `connect()` resolved (taken in the page) to the
 * first 200 of the playlist (taken here, same clock). A broadcast that does not get going is an
 * outcome, not an error: on an overloaded machine that is what the ramp is looking for.
 */
async function publishAndTimePlaylist(page: Page, name: string, channel: Channel): Promise<PublishOutcome> {
  let firstOkAt: number | undefined;
  let polling = true;
  const poll = (async () => {
    const deadline = Date.now() + PLAYLIST_WAIT_MS;
    while (polling && Date.now() < deadline) {
      const response = await fetch(channel.playlist_url).catch(() => undefined);
      await response?.arrayBuffer();
      if (response?.status === 200) {
        firstOkAt = Date.now();
        return;
      }
      await sleep(20);
    }
  })();
  try {
    const published = await page.evaluate(
      async ([name, soraUrl, channelId]) => {
        const result = await (globalThis as unknown as HarnessGlobal).harness.publish(name, { soraUrl, channelId });
        return { ...result, connectedAt: Date.now() };
      },
      [name, channel.sora_url, channel.channel_id] as const,
    );
    if (!published.ok) return { ok: false, problem: `publishing failed: ${published.message ?? 'unknown error'}` };
    await poll;
    if (firstOkAt === undefined) return { ok: false, problem: `no playlist within ${PLAYLIST_WAIT_MS} ms` };
    return { ok: true, firstPlaylistMs: firstOkAt - published.connectedAt };
  } finally {
    polling = false;
    await poll;
  }
}

/** The first channel showing a restart, described; undefined when none does. Exported for a check that kills ffmpeg. */
export async function restartedChannel(channels: Channel[], restartLines: string[]): Promise<string | undefined> {
  if (restartLines.length > 0) return `emulator log: ${restartLines[0]}`;
  for (const channel of channels) {
    for (const playlist of await playlistsOf(channel.playlist_url)) {
      if (/^#EXT-X-DISCONTINUITY$/m.test(playlist.text)) return `${channel.channel_id}: EXT-X-DISCONTINUITY in ${playlist.url}`;
    }
  }
  return undefined;
}

/** The playlist at `url`, and the variant playlists it lists if it is a multivariant one. */
async function playlistsOf(url: string): Promise<{ url: string; text: string }[]> {
  const text = await (await fetch(url)).text();
  if (!text.includes('#EXT-X-STREAM-INF')) return [{ url, text }];
  const variants = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  return Promise.all(
    variants.map(async (variant) => {
      const variantUrl = new URL(variant.trim(), url).href;
      return { url: variantUrl, text: await (await fetch(variantUrl)).text() };
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchChannelCapacity(), null, 2));
}
