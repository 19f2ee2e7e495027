/**
 * The player's figures (DESIGN.md "The benchmark's output"), beside its anchors, on one live
 * stream of the emulator (a canvas showing Date.now() as a bar code, published with sora-js-sdk
 * from Chromium, channel startTimeOffset -2, 1 s segments):
 *   player.ttff_ms               <ifls-player> connected to the live stream -> first frame shown
 *                                (requestVideoFrameCallback); a fresh browser context per run
 *   player.ttff_page_ms          the same from the start of navigation (its JavaScript loading included)
 *   player.g2g_ms                glass-to-glass, read from the decoded pixels, over BENCH_PLAYER_G2G_SECONDS
 *   player.stalls                rebuffering during the g2g run: a 'waiting' outside seeks after the
 *                                first frame starts a stall, which lasts until 'playing'
 *   player.stall_ms              the time those stalls lasted, summed (one still open at the end of
 *                                the window counts up to it)
 *   player.shown_fps             frames presented per second during the g2g run, as the engine counts them
 *                                (requestVideoFrameCallback's presentedFrames; the stream has 30): g2g_ms
 *                                samples the frame shown at each callback, so a picture that freezes while
 *                                the clock runs shows here, not there. Firefox and WebKitGTK present more
 *                                frames than they call back for, so their g2g n is below shown_fps × window
 *   player.cpu_ms_per_s          main-thread busy time per second of playback (CDP Performance
 *                                TaskDuration) over BENCH_PLAYER_CPU_SECONDS (default 15) after 5 s of
 *                                playback, on a page that reads no time code (player-runs.ts cpuRun);
 *                                BENCH_PLAYER_CPU_ROUNDS (default 4) such windows per player, interleaved
 *   player.initial_js_gz_bytes   the define entry bundled with code splitting and minified by esbuild,
 *                                gzip -9, without the hls.js chunk (what loads where native HLS plays), Lit included
 *   player.hls_chunk_gz_bytes    the hls.js chunk loaded on demand (the native-HLS engine's chunk aside)
 *   player.net.<4g|3g|flaky>.ttff_ms / g2g_ms / stalls / stall_ms
 *                                the same under Chromium's network emulation (player-net.ts,
 *                                network-profiles.ts): 4g 150 ms and 9 Mbit/s down, 3g 400 ms and
 *                                1.6 Mbit/s, flaky 4g dropping for 3 s every 20 s
 *   player.long.heap_growth_mb / buffered_s_max
 *                                10 minutes of playback, alone (player-long.ts)
 *   anchors.<name>.*             the same for hls-video-element and for bare hls.js at its defaults
 *                                (js_gz_bytes: everything each loads), except the long run
 *   player.<firefox|webkit>.ttff_ms / ttff_page_ms / g2g_ms / stalls / stall_ms / shown_fps
 *                                <ifls-player> alone in Firefox ESR and WebKitGTK (bench/engines/), on the
 *                                same stream, after the Chromium figures; same page, same measurement,
 *                                a 30 s g2g window
 * The figures without an engine in their key are Chromium's. Chromium runs are interleaved so that
 * all three players see the same conditions; the g2g, CPU and long windows run one page at a time,
 * since on two cores a second decoding page would take CPU from the one being timed. The viewer
 * pages and bundles are served gzip-compressed (the page server's gzip option). In order: localhost TTFF and
 * g2g, CPU, each network profile, the long run, then the other engines; at the defaults about
 * 37 minutes in all, most of it the nine 60 s network windows and the 10 minute long run.
 * Run directly: `node --import tsx bench/player.ts` prints the JSON. BENCH_PLAYER_RUNS sets the TTFF
 * runs on localhost in every engine (default 12), BENCH_PLAYER_G2G_SECONDS the localhost g2g window
 * in Chromium (default 60), BENCH_PLAYER_ENGINE_G2G_SECONDS in Firefox and WebKitGTK (default 30),
 * BENCH_PLAYER_NET_RUNS and BENCH_PLAYER_NET_G2G_SECONDS the same per network profile (7, 60),
 * BENCH_PLAYER_LONG_SECONDS the long run (600); IFLS_BENCH_ENGINES picks engines,
 * IFLS_BENCH_QUICK=1 shortens all. For trials, BENCH_PLAYER_PARTS=net (any of localhost, cpu, net,
 * long, engines, comma-separated; all by default) runs only some of the player part, and
 * BENCH_PLAYER_NET_PROFILES=3g,flaky only some profiles (player-net.ts).
 */
import { build } from 'esbuild';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ImageFluxClient } from '../packages/api/src/index.js';
import { startEmulator } from '../packages/emulator/src/emulator.js';
import { startPageServer, type PageServer } from '@ifls/test-support/page-server.js';
import { waitForSegments, type Channel } from '@ifls/test-support/sora-publisher.js';
import { splitBuild } from '@ifls/test-support/split-build.js';
import { distribution } from './emulator.js';
import { launchEngine, selectedEngines, type BenchBrowser, type EngineName } from './engines/engine.js';
import { logFailure, setting, type Fail } from './options.js';
import { playerKinds, prefixes, type PlayerKind } from './player-kinds.js';
import { measureLongRun } from './player-long.js';
import { measureNetworkProfiles, type PageUrl } from './player-net.js';
import { cpuRun, g2gRun, ttffRun } from './player-runs.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const runs = setting('BENCH_PLAYER_RUNS', 12, 3);
const g2gSeconds = setting('BENCH_PLAYER_G2G_SECONDS', 60, 10);
/** Shorter in Firefox and WebKitGTK, where the figures are <ifls-player>'s alone, with no anchor beside. */
const engineG2gSeconds = setting('BENCH_PLAYER_ENGINE_G2G_SECONDS', 30, 10);
const cpuSeconds = setting('BENCH_PLAYER_CPU_SECONDS', 15, 5);
const cpuRounds = setting('BENCH_PLAYER_CPU_ROUNDS', 4, 1);

type Figures = Record<string, unknown>;

const partNames = ['localhost', 'cpu', 'net', 'long', 'engines'] as const;
const chosenParts = process.env.BENCH_PLAYER_PARTS?.split(',')
  .map((name) => name.trim())
  .filter(Boolean) ?? [...partNames];
for (const name of chosenParts) {
  if (!(partNames as readonly string[]).includes(name))
    throw new Error(`BENCH_PLAYER_PARTS: unknown part "${name}" (known: ${partNames.join(', ')})`);
}
const runsPart = (name: (typeof partNames)[number]) => chosenParts.includes(name);

export async function benchPlayer(fail: Fail = logFailure): Promise<Figures> {
  const engines = selectedEngines();
  const figures: Figures = {};
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const bundles = await buildPlayers();
    cleanups.push(() => bundles.remove());
    Object.assign(figures, bundles.sizes);

    const emulator = await startEmulator();
    cleanups.push(() => emulator.close());
    const server = await startPageServer();
    cleanups.push(() => server.close());
    // The broadcaster is Chromium in every case: sora-js-sdk sending H.264, one stream for every engine.
    const chromium = await launchEngine('chromium');
    cleanups.push(() => chromium.close());
    const client = new ImageFluxClient({ accessToken: emulator.tokens[0]!, endpoint: emulator.url });
    const channel: Channel = await client.createChannel({
      hls: [
        { durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1_000_000 }, audio: { bps: 64_000 } },
      ],
    });
    cleanups.push(() => client.deleteChannel(channel.channel_id));
    const stopPublishing = await publishTimecode(chromium, server, channel);
    cleanups.push(stopPublishing);
    await waitForSegments(channel.playlist_url, 5);

    // The viewer pages come gzip-compressed, as from a CDN, from a server of their own.
    const viewers = await startPageServer({ gzip: true });
    cleanups.push(() => viewers.close());
    const pageUrl: PageUrl = (kind, ...flags) => {
      const query = new URLSearchParams({ player: kind, module: bundles.urls[kind], src: channel.playlist_url });
      for (const flag of flags) query.set(flag, '');
      return `${viewers.url}/repo/bench/pages/player-bench.html?${query}`;
    };

    if (engines.includes('chromium')) {
      try {
        if (runsPart('localhost')) Object.assign(figures, await measureChromium(chromium, pageUrl));
      } catch (error) {
        fail('player', error);
      }
      try {
        if (runsPart('cpu')) Object.assign(figures, await measureCpu(chromium, pageUrl));
      } catch (error) {
        fail('player.cpu_ms_per_s', error);
      }
      try {
        if (runsPart('net')) Object.assign(figures, await measureNetworkProfiles(chromium, pageUrl, fail));
      } catch (error) {
        fail('player.net', error);
      }
      try {
        if (runsPart('long')) Object.assign(figures, await measureLongRun(chromium, pageUrl('ifls-player', 'buffered')));
      } catch (error) {
        fail('player.long', error);
      }
    }
    for (const engine of engines.filter((name) => name !== 'chromium' && runsPart('engines'))) {
      console.log(`bench: player in ${engine}…`);
      const started = Date.now();
      try {
        Object.assign(
          figures,
          await measureElsewhere(engine, (g2g) => (g2g ? pageUrl('ifls-player', 'g2g') : pageUrl('ifls-player')), fail),
        );
      } catch (error) {
        fail(`player.${engine}`, error);
      }
      console.log(`bench: player in ${engine} took ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('bench: player cleanup:', error));
  }
  return figures;
}

/** The three players in Chromium on localhost: TTFF runs interleaved, then a g2g run of each. */
async function measureChromium(browser: BenchBrowser, pageUrl: PageUrl): Promise<Figures> {
  const figures: Figures = {};
  const ttff: Record<PlayerKind, number[]> = { 'ifls-player': [], 'hls-video-element': [], 'hls.js': [] };
  const ttffPage: Record<PlayerKind, number[]> = { 'ifls-player': [], 'hls-video-element': [], 'hls.js': [] };
  for (let run = 0; run < runs; run++) {
    for (const kind of playerKinds) {
      const result = await ttffRun(browser, pageUrl(kind));
      ttff[kind].push(result.ttff);
      ttffPage[kind].push(result.ttffPage);
    }
  }
  for (const kind of playerKinds) {
    const prefix = prefixes[kind];
    figures[`${prefix}.ttff_ms`] = distribution(ttff[kind]);
    figures[`${prefix}.ttff_page_ms`] = distribution(ttffPage[kind]);
    const { samples, stalls, stallMs, shownFps } = await g2gRun(browser, pageUrl(kind, 'g2g'), g2gSeconds);
    figures[`${prefix}.g2g_ms`] = distribution(samples);
    figures[`${prefix}.stalls`] = stalls;
    figures[`${prefix}.stall_ms`] = stallMs;
    figures[`${prefix}.shown_fps`] = shownFps;
  }
  return figures;
}

/**
 * Main-thread time per second of playback of each player on localhost, one page at a time, in
 * `cpuRounds` interleaved rounds: one window swings by a quarter with what else the machine does
 * then, more than the players differ, so each figure is the distribution of its windows.
 */
async function measureCpu(browser: BenchBrowser, pageUrl: PageUrl): Promise<Figures> {
  const windows: Record<PlayerKind, number[]> = { 'ifls-player': [], 'hls-video-element': [], 'hls.js': [] };
  for (let round = 0; round < cpuRounds; round++) {
    for (const kind of playerKinds) windows[kind].push(await cpuRun(browser, pageUrl(kind), cpuSeconds));
  }
  const figures: Figures = {};
  for (const kind of playerKinds) figures[`${prefixes[kind]}.cpu_ms_per_s`] = distribution(windows[kind]);
  return figures;
}

/**
 * <ifls-player> in another engine (a browser of its own, launched here and closed at the end):
 * `player.<engine>.*`. A figure the engine cannot give is reported through `fail`, the others kept.
 */
async function measureElsewhere(engine: EngineName, urlFor: (g2g: boolean) => string, fail: Fail): Promise<Figures> {
  const prefix = `player.${engine}`;
  const figures: Figures = {};
  const browser = await launchEngine(engine);
  try {
    try {
      const ttff: number[] = [];
      const ttffPage: number[] = [];
      for (let run = 0; run < runs; run++) {
        const result = await ttffRun(browser, urlFor(false));
        ttff.push(result.ttff);
        ttffPage.push(result.ttffPage);
      }
      figures[`${prefix}.ttff_ms`] = distribution(ttff);
      figures[`${prefix}.ttff_page_ms`] = distribution(ttffPage);
    } catch (error) {
      fail(`${prefix}.ttff_ms`, error);
    }
    try {
      const { samples, stalls, stallMs, shownFps } = await g2gRun(browser, urlFor(true), engineG2gSeconds);
      figures[`${prefix}.g2g_ms`] = distribution(samples);
      figures[`${prefix}.stalls`] = stalls;
      figures[`${prefix}.stall_ms`] = stallMs;
      figures[`${prefix}.shown_fps`] = shownFps;
    } catch (error) {
      fail(`${prefix}.g2g_ms`, error);
    }
  } finally {
    await browser.close();
  }
  return figures;
}

/** Publishes a canvas showing Date.now() as a bar code (bench/pages/timecode.js) with sora-js-sdk. */
async function publishTimecode(browser: BenchBrowser, server: PageServer, channel: Channel): Promise<() => Promise<void>> {
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
  const page = await browser.open(`${server.url}/timecode-publisher.html`);
  try {
    await page.waitFor("'publish' in window");
    await page.call(
      ({ soraUrl, channelId }) => (window as unknown as { publish(url: string, id: string): Promise<void> }).publish(soraUrl, channelId),
      { soraUrl: channel.sora_url, channelId: channel.channel_id },
    );
  } catch (error) {
    await page.close().catch(() => {});
    throw error;
  }
  return async () => {
    await page.evaluate('window.connection.disconnect()').catch(() => {});
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
      'player.hls_chunk_gz_bytes': await gzippedBytes(
        ours.lazyFiles('ifls-player').filter((file) => !basename(file).startsWith('native-engine')),
      ),
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

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchPlayer(), null, 2));
}
