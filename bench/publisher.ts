/**
 * The publisher's figures (DESIGN.md "The benchmark's output"):
 *   publisher.connect_ms             <ifls-publisher> start() -> state `live`, camera already open (preview())
 *   publisher.bare_sdk_connect_ms    the same with bare sora-js-sdk: sendonly(...).connect(stream) resolved,
 *                                    camera already open; same page, browser and emulator, runs interleaved
 *   publisher.js_gz_bytes            all JS the publisher page loads: the define entry bundled and minified
 *                                    by esbuild (Lit and sora-js-sdk included), gzip -9
 *   publisher.sora_sdk_js_gz_bytes   sora-js-sdk alone, the same way, for scale
 *   publisher.firefox.connect_ms / publisher.firefox.bare_sdk_connect_ms
 *                                    the same two in Firefox ESR (bench/engines/firefox.ts), sending VP8:
 *                                    Firefox's WebRTC has no H.264 here. WebKitGTK has no WebRTC: no figures.
 *                                    n is 20 as in Chromium (BENCH_PUBLISHER_FIREFOX_RUNS).
 *                                    The warm-up, the alternation and the channels are as in Chromium.
 * The figures without an engine in their key are Chromium's (H.264). Each connect run publishes to a
 * fresh channel of one emulator, deleted afterwards. Run directly: `node --import tsx bench/publisher.ts`
 * prints the JSON. BENCH_PUBLISHER_RUNS sets n in Chromium (default 20), BENCH_PUBLISHER_FIREFOX_RUNS in
 * Firefox (default 20); IFLS_BENCH_ENGINES picks engines, IFLS_BENCH_QUICK=1 shortens both.
 */
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ImageFluxClient, type CreateChannelResponse } from '../packages/api/src/index.js';
import { startEmulator } from '../packages/emulator/src/emulator.js';
import { startPageServer } from '@ifls/test-support/page-server.js';
import { openPublisherPage, publisherPageHtml } from '@ifls/test-support/publisher-fixture.js';
import { callExpression, launchEngine, selectedEngines, unwrapResult, wrapExpression } from './engines/engine.js';
import { logFailure, setting, type Fail } from './options.js';

export interface Distribution {
  p50: number;
  p95: number;
  n: number;
}

/** <ifls-publisher> as the page sees it (the bench's tsconfig does not compile the element's decorators). */
interface PublisherElement extends HTMLElement {
  channel: CreateChannelResponse | null;
  readonly error: Error | null;
  preview(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs `fn(arg)` in the publisher page, whichever engine it is in. */
type Evaluate = <A, T>(fn: (arg: A) => Promise<T>, arg: A) => Promise<T>;

/** What a connect run asks for: the element's `video-codec` (unset: its default) and the bare SDK's `videoCodecType`. */
interface Codecs {
  element?: string;
  bare: string;
}

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const runs = setting('BENCH_PUBLISHER_RUNS', 20, 3);
/**
 * Fewer in Firefox: there each stop() takes 3 s (sora-js-sdk's disconnect waits out its timeout, as
 * Firefox never sees the emulator close the WebSocket), and the whole bench has 10 minutes.
 */
const firefoxRuns = setting('BENCH_PUBLISHER_FIREFOX_RUNS', 20, 3);
const soraSdkUrl = '/repo/node_modules/sora-js-sdk/dist/sora.js';

export async function benchPublisher(fail: Fail = logFailure): Promise<Record<string, Distribution | number>> {
  const engines = selectedEngines();
  const [elementBytes, sdkBytes] = await Promise.all([
    gzippedBundleBytes('packages/elements/src/define/ifls-publisher.ts'),
    gzippedBundleBytes('node_modules/sora-js-sdk/dist/sora.js'),
  ]);
  const figures: Record<string, Distribution | number> = {
    'publisher.js_gz_bytes': elementBytes,
    'publisher.sora_sdk_js_gz_bytes': sdkBytes,
  };
  const emulator = await startEmulator();
  try {
    const client = new ImageFluxClient({ accessToken: emulator.tokens[0]!, endpoint: emulator.url });
    if (engines.includes('chromium')) {
      try {
        const { element, bare } = await connectTimesInChromium(client);
        figures['publisher.connect_ms'] = distribution(element);
        figures['publisher.bare_sdk_connect_ms'] = distribution(bare);
      } catch (error) {
        fail('publisher', error);
      }
    }
    if (engines.includes('firefox')) {
      console.log('bench: publisher in firefox…');
      const started = Date.now();
      try {
        const { element, bare } = await connectTimesInFirefox(client);
        figures['publisher.firefox.connect_ms'] = distribution(element);
        figures['publisher.firefox.bare_sdk_connect_ms'] = distribution(bare);
      } catch (error) {
        fail('publisher.firefox', error);
      }
      console.log(`bench: publisher in firefox took ${Math.round((Date.now() - started) / 1000)} s`);
    }
  } finally {
    await emulator.close();
  }
  return figures;
}

async function gzippedBundleBytes(entry: string): Promise<number> {
  const result = await build({
    entryPoints: [`${repoRoot}${entry}`],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    tsconfig: `${repoRoot}packages/elements/tsconfig.json`,
    logLevel: 'silent',
  });
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length;
}

/** Chromium with the publisher tests' page (fake camera), H.264. */
async function connectTimesInChromium(client: ImageFluxClient): Promise<{ element: number[]; bare: number[] }> {
  const browser = await openPublisherPage();
  try {
    const page = browser.page;
    await page.evaluate(async (url) => {
      (window as unknown as { Sora: unknown }).Sora = ((await import(url)) as { default: unknown }).default;
    }, soraSdkUrl);
    // The same call path as the other engines': the function's source with its argument as JSON.
    const evaluate: Evaluate = async (fn, arg) => unwrapResult(await page.evaluate(wrapExpression(callExpression(fn, arg))));
    return await connectTimes(evaluate, client, { bare: 'H264' }, runs);
  } finally {
    await browser.close();
  }
}

/** Firefox ESR with the same page (Firefox's fake camera), VP8. */
async function connectTimesInFirefox(client: ImageFluxClient): Promise<{ element: number[]; bare: number[] }> {
  const server = await startPageServer();
  try {
    server.page('/publisher.html', publisherPageHtml);
    const firefox = await launchEngine('firefox');
    try {
      const page = await firefox.open(`${server.url}/publisher.html`);
      await page.waitFor("customElements.get('ifls-publisher') !== undefined");
      await page.evaluate(`import(${JSON.stringify(soraSdkUrl)}).then((module) => { window.Sora = module.default; })`);
      return await connectTimes((fn, arg) => page.call(fn, arg), client, { element: 'VP8', bare: 'VP8' }, firefoxRuns);
    } finally {
      await firefox.close();
    }
  } finally {
    await server.close();
  }
}

async function connectTimes(
  evaluate: Evaluate,
  client: ImageFluxClient,
  codecs: Codecs,
  runs: number,
): Promise<{ element: number[]; bare: number[] }> {
  const element: number[] = [];
  const bare: number[] = [];
  // One discarded warm-up each, then alternate which goes first so neither gets a systematic edge.
  for (let run = -1; run < runs; run++) {
    const order = run % 2 === 0 ? [timeElement, timeBareSdk] : [timeBareSdk, timeElement];
    for (const time of order) {
      const channel = await client.createChannel({
        hls: [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 360, fps: 30, bps: 800_000 } }],
      });
      try {
        const ms = await time(evaluate, channel, codecs);
        if (run >= 0) (time === timeElement ? element : bare).push(ms);
      } finally {
        await client.deleteChannel(channel.channel_id);
      }
    }
  }
  return { element, bare };
}

async function timeElement(evaluate: Evaluate, channel: CreateChannelResponse, codecs: Codecs): Promise<number> {
  return evaluate(
    async ({ channel, codec }) => {
      document.querySelector('#main')!.innerHTML = '<ifls-publisher></ifls-publisher>';
      const publisher = document.querySelector<PublisherElement>('ifls-publisher')!;
      if (codec) publisher.setAttribute('video-codec', codec);
      publisher.channel = channel;
      await publisher.preview();
      const live = new Promise<void>((resolve, reject) =>
        publisher.addEventListener('ifls-state-change', (event) => {
          const { state } = event as Event & { state: string };
          if (state === 'live') resolve();
          if (state === 'error') reject(new Error(publisher.error?.message));
        }),
      );
      const started = performance.now();
      void publisher.start();
      await live;
      const elapsed = performance.now() - started;
      await publisher.stop();
      publisher.remove();
      return elapsed;
    },
    { channel, codec: codecs.element ?? null },
  );
}

async function timeBareSdk(evaluate: Evaluate, channel: CreateChannelResponse, codecs: Codecs): Promise<number> {
  return evaluate(
    async ({ channel, codec }) => {
      type Connection = { connect(stream: MediaStream): Promise<unknown>; disconnect(): Promise<void> };
      const Sora = (
        window as unknown as {
          Sora: { connection(url: string): { sendonly(channelId: string, metadata: null, options: object): Connection } };
        }
      ).Sora;
      const stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
        audio: true,
      });
      // Shown like the element shows its preview: a real page previews what it sends.
      const preview = Object.assign(document.createElement('video'), { srcObject: stream, muted: true, autoplay: true, playsInline: true });
      document.querySelector('#main')!.replaceChildren(preview);
      const started = performance.now();
      const connection = Sora.connection(channel.sora_url).sendonly(channel.channel_id, null, {
        videoCodecType: codec,
        audioCodecType: 'OPUS',
      });
      await connection.connect(stream);
      const elapsed = performance.now() - started;
      await connection.disconnect();
      for (const track of stream.getTracks()) track.stop();
      preview.remove();
      return elapsed;
    },
    { channel, codec: codecs.bare },
  );
}

function distribution(samples: number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
  return { p50: Math.round(rank(0.5)), p95: Math.round(rank(0.95)), n: sorted.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchPublisher(), null, 2));
}
