/**
 * The player's figures (DESIGN.md "The benchmark's output"), beside its anchors, on one live
 * stream of the emulator (a canvas showing Date.now() as a bar code, published with sora-js-sdk,
 * channel startTimeOffset -2, 1 s segments):
 *   player.ttff_ms               <ifls-player> connected to the live stream -> first frame shown
 *                                (requestVideoFrameCallback); a fresh browser context per run
 *   player.ttff_page_ms          the same from the start of navigation (its JavaScript loading included)
 *   player.g2g_ms                glass-to-glass, read from the decoded pixels, over BENCH_PLAYER_G2G_SECONDS
 *   player.stalls                rebuffering ('waiting' outside seeks) during the g2g run
 *   player.initial_js_gz_bytes   the define entry bundled with code splitting and minified by esbuild,
 *                                gzip -9, without the hls.js chunk (what loads where native HLS plays), Lit included
 *   player.hls_chunk_gz_bytes    the hls.js chunk loaded on demand
 *   anchors.<name>.*             the same for hls-video-element and for bare hls.js at its defaults
 *                                (js_gz_bytes: everything each loads)
 * Runs are interleaved so that all three see the same conditions. Run directly:
 * `node --import tsx bench/player.ts` prints the JSON. BENCH_PLAYER_RUNS sets the TTFF runs (default 12),
 * BENCH_PLAYER_G2G_SECONDS the g2g window (default 60).
 */
import { build } from 'esbuild';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { ImageFluxClient } from '../packages/api/src/index.js';
import { startEmulator } from '../packages/emulator/src/emulator.js';
import { launchChromium } from '../packages/emulator/src/testing/chromium.js';
import { waitForSegments, type Channel } from '../packages/elements/src/test/fixtures/sora-publisher.js';
import { startPageServer, type PageServer } from '../packages/elements/src/test/page-server.js';
import { splitBuild } from '../packages/elements/src/test/split-build.js';
import { distribution } from './emulator.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_PLAYER_RUNS ?? 12);
const g2gSeconds = Number(process.env.BENCH_PLAYER_G2G_SECONDS ?? 60);

type PlayerKind = 'ifls-player' | 'hls-video-element' | 'hls.js';
/** Where each player's figures go. */
const prefixes: Record<PlayerKind, string> = {
  'ifls-player': 'player',
  'hls-video-element': 'anchors.hls-video-element',
  'hls.js': 'anchors.hls.js-defaults',
};

interface BenchResult {
  connectedAt: number;
  firstFrameAt?: number;
  stalls: number;
  samples: number[];
}

export async function benchPlayer(): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  const bundles = await buildPlayers();
  Object.assign(figures, bundles.sizes);

  const emulator = await startEmulator();
  const server = await startPageServer();
  const browser = await launchChromium();
  const client = new ImageFluxClient({ accessToken: emulator.tokens[0]!, endpoint: emulator.url });
  try {
    const channel: Channel = await client.createChannel({
      hls: [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1_000_000 }, audio: { bps: 64_000 } }],
    });
    const stopPublishing = await publishTimecode(browser, server, channel);
    await waitForSegments(channel.playlist_url, 5);

    const open = (kind: PlayerKind, g2g: boolean) => {
      const query = new URLSearchParams({ player: kind, module: bundles.urls[kind], src: channel.playlist_url });
      if (g2g) query.set('g2g', '');
      return openBenchPage(browser, `${server.url}/repo/bench/pages/player-bench.html?${query}`);
    };

    const ttff: Record<PlayerKind, number[]> = { 'ifls-player': [], 'hls-video-element': [], 'hls.js': [] };
    const ttffPage: Record<PlayerKind, number[]> = { 'ifls-player': [], 'hls-video-element': [], 'hls.js': [] };
    for (let run = 0; run < runs; run++) {
      for (const kind of Object.keys(prefixes) as PlayerKind[]) {
        const { result, close } = await open(kind, false);
        ttff[kind].push(result.firstFrameAt! - result.connectedAt);
        ttffPage[kind].push(result.firstFrameAt!);
        await close();
      }
    }

    for (const kind of Object.keys(prefixes) as PlayerKind[]) {
      const prefix = prefixes[kind];
      figures[`${prefix}.ttff_ms`] = distribution(ttff[kind]);
      figures[`${prefix}.ttff_page_ms`] = distribution(ttffPage[kind]);
      const { page, close } = await open(kind, true);
      // The first seconds are the start itself; the g2g figure is about holding the latency.
      await sleep(5000);
      const before = await page.evaluate(() => {
        const result = (window as unknown as { benchResult: BenchResult }).benchResult;
        return { stalls: result.stalls, samples: result.samples.splice(0).length };
      });
      await sleep(g2gSeconds * 1000);
      const after = await page.evaluate(() => {
        const result = (window as unknown as { benchResult: BenchResult }).benchResult;
        return { stalls: result.stalls, samples: result.samples.splice(0) };
      });
      figures[`${prefix}.g2g_ms`] = distribution(after.samples);
      figures[`${prefix}.stalls`] = after.stalls - before.stalls;
      await close();
    }

    await stopPublishing();
    await client.deleteChannel(channel.channel_id);
  } finally {
    await browser.close();
    await server.close();
    await emulator.close();
    await bundles.remove();
  }
  return figures;
}

/** Opens a bench page in a fresh context (cold cache) and waits for its first frame. */
async function openBenchPage(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[bench page] ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { benchResult?: BenchResult }).benchResult?.firstFrameAt !== undefined, undefined, {
    timeout: 30_000,
  });
  const result = await page.evaluate(() => (window as unknown as { benchResult: BenchResult }).benchResult);
  return { page, result, close: () => context.close() };
}

/** Publishes a canvas showing Date.now() as a bar code (bench/pages/timecode.js) with sora-js-sdk. */
async function publishTimecode(browser: Browser, server: PageServer, channel: Channel): Promise<() => Promise<void>> {
  server.page(
    '/timecode-publisher.html',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>publisher</title></head><body>
<script type="module">
  import Sora from '/repo/node_modules/sora-js-sdk/dist/sora.js';
  import { timecodeStream } from '/repo/bench/pages/timecode.js';
  window.publish = async (soraUrl, channelId) => {
    window.source = timecodeStream({ width: 640, height: 480, fps: 30 });
    window.connection = Sora.connection(soraUrl).sendonly(channelId, null, { videoCodecType: 'H264' });
    await window.connection.connect(window.source.stream);
  };
</script></body></html>`,
  );
  const page = await browser.newPage();
  await page.goto(`${server.url}/timecode-publisher.html`);
  await page.waitForFunction(() => 'publish' in window);
  await page.evaluate(
    ({ soraUrl, channelId }) => (window as unknown as { publish(url: string, id: string): Promise<void> }).publish(soraUrl, channelId),
    { soraUrl: channel.sora_url, channelId: channel.channel_id },
  );
  return async () => {
    await page.evaluate(() => (window as unknown as { connection: { disconnect(): Promise<void> } }).connection.disconnect()).catch(() => {});
    await page.close();
  };
}

/**
 * The three players bundled for the bench pages (ESM, minified), and their sizes: ours with code
 * splitting (the hls.js chunk apart), the anchors as each loads.
 */
async function buildPlayers() {
  const ours = await splitBuild({ 'ifls-player': 'packages/elements/src/define/ifls-player.ts' }, { minify: true });
  const cache = join(repoRoot, 'node_modules/.cache');
  await mkdir(cache, { recursive: true });
  const folder = await mkdtemp(join(cache, 'ifls-bench-anchors-'));
  const anchor = async (name: string, contents: string) => {
    const outfile = join(folder, `${name}.js`);
    await build({
      stdin: { contents, resolveDir: repoRoot, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      outfile,
      logLevel: 'silent',
    });
    return { url: `/repo/${relative(repoRoot, outfile)}`, bytes: await gzippedBytes([outfile]) };
  };
  const [hlsVideoElement, hlsJs] = await Promise.all([
    anchor('hls-video-element', "import 'hls-video-element';"),
    anchor('hls-js', "export { default } from 'hls.js';"),
  ]);
  return {
    urls: {
      'ifls-player': ours.entryUrls['ifls-player']!,
      'hls-video-element': hlsVideoElement.url,
      'hls.js': hlsJs.url,
    } satisfies Record<PlayerKind, string>,
    sizes: {
      'player.initial_js_gz_bytes': await gzippedBytes(ours.initialFiles('ifls-player')),
      'player.hls_chunk_gz_bytes': await gzippedBytes(ours.lazyFiles('ifls-player')),
      'anchors.hls-video-element.js_gz_bytes': hlsVideoElement.bytes,
      'anchors.hls.js-defaults.js_gz_bytes': hlsJs.bytes,
    },
    async remove() {
      await ours.remove();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** gzip -9 size of each file, summed: what a server compressing each response would send. */
async function gzippedBytes(files: string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += gzipSync(await readFile(file), { level: 9 }).length;
  return total;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchPlayer(), null, 2));
}
