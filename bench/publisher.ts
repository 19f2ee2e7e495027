/**
 * The publisher's figures (DESIGN.md "The benchmark's output"):
 *   publisher.connect_ms             <ifls-publisher> start() -> state `live`, camera already open (preview())
 *   publisher.bare_sdk_connect_ms    the same with bare sora-js-sdk: sendonly(...).connect(stream) resolved,
 *                                    camera already open; same page, browser and emulator, runs interleaved
 *   publisher.js_gz_bytes            all JS the publisher page loads: the define entry bundled and minified
 *                                    by esbuild (Lit and sora-js-sdk included), gzip -9
 *   publisher.sora_sdk_js_gz_bytes   sora-js-sdk alone, the same way, for scale
 * Each connect run publishes to a fresh channel, deleted afterwards. Run directly:
 * `node --import tsx bench/publisher.ts` prints the JSON. BENCH_PUBLISHER_RUNS sets n (default 20).
 */
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { ImageFluxClient, type CreateChannelResponse } from '../packages/api/src/index.js';
import { startEmulator } from '../packages/emulator/src/emulator.js';
import { openPublisherPage } from '../packages/elements/src/test/publisher-fixture.js';

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

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.env.BENCH_PUBLISHER_RUNS ?? 20);

export async function benchPublisher(): Promise<Record<string, Distribution | number>> {
  const [elementBytes, sdkBytes] = await Promise.all([
    gzippedBundleBytes('packages/elements/src/define/ifls-publisher.ts'),
    gzippedBundleBytes('node_modules/sora-js-sdk/dist/sora.js'),
  ]);
  const { element, bare } = await connectTimes();
  return {
    'publisher.connect_ms': distribution(element),
    'publisher.bare_sdk_connect_ms': distribution(bare),
    'publisher.js_gz_bytes': elementBytes,
    'publisher.sora_sdk_js_gz_bytes': sdkBytes,
  };
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

async function connectTimes(): Promise<{ element: number[]; bare: number[] }> {
  const emulator = await startEmulator();
  const browser = await openPublisherPage().catch(async (error: unknown) => {
    await emulator.close();
    throw error;
  });
  try {
    const client = new ImageFluxClient({ accessToken: emulator.tokens[0]!, endpoint: emulator.url });
    const page = browser.page;
    await page.evaluate(async () => {
      (window as unknown as { Sora: unknown }).Sora = (await import('/repo/node_modules/sora-js-sdk/dist/sora.js' as string)).default;
    });
    const element: number[] = [];
    const bare: number[] = [];
    // One discarded warm-up each, then alternate which goes first so neither gets a systematic edge.
    for (let run = -1; run < runs; run++) {
      const order = run % 2 === 0 ? [timeElement, timeBareSdk] : [timeBareSdk, timeElement];
      for (const time of order) {
        const channel = await client.createChannel({
          hls: [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 360, fps: 30, bps: 800_000 } }],
        });
        const ms = await time(page, channel);
        await client.deleteChannel(channel.channel_id);
        if (run >= 0) (time === timeElement ? element : bare).push(ms);
      }
    }
    return { element, bare };
  } finally {
    await browser.close();
    await emulator.close();
  }
}

async function timeElement(page: Page, channel: CreateChannelResponse): Promise<number> {
  return page.evaluate(async (channel) => {
    document.querySelector('#main')!.innerHTML = '<ifls-publisher></ifls-publisher>';
    const publisher = document.querySelector<PublisherElement>('ifls-publisher')!;
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
  }, channel);
}

async function timeBareSdk(page: Page, channel: CreateChannelResponse): Promise<number> {
  return page.evaluate(async (channel) => {
    type Connection = { connect(stream: MediaStream): Promise<unknown>; disconnect(): Promise<void> };
    const Sora = (window as unknown as {
      Sora: { connection(url: string): { sendonly(channelId: string, metadata: null, options: object): Connection } };
    }).Sora;
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
      audio: true,
    });
    // Shown like the element shows its preview: a real page previews what it sends.
    const preview = Object.assign(document.createElement('video'), { srcObject: stream, muted: true, autoplay: true, playsInline: true });
    document.querySelector('#main')!.replaceChildren(preview);
    const started = performance.now();
    const connection = Sora.connection(channel.sora_url).sendonly(channel.channel_id, null, {
      videoCodecType: 'H264',
      audioCodecType: 'OPUS',
    });
    await connection.connect(stream);
    const elapsed = performance.now() - started;
    await connection.disconnect();
    for (const track of stream.getTracks()) track.stop();
    preview.remove();
    return elapsed;
  }, channel);
}

function distribution(samples: number[]): Distribution {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
  return { p50: Math.round(rank(0.5)), p95: Math.round(rank(0.95)), n: sorted.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await benchPublisher(), null, 2));
}
