// One tenant's data must not slow another tenant's writes: each tenant's changes rewrite only
// that tenant's (compact) file, off the event loop. Measured through the real API of an
// in-process emulator with a data folder.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ImageFluxClient, type CreateChannelRequest } from '@ifls/api';
import { startEmulator, type RunningEmulator } from './emulator.js';
import { MAX_RECORD_BYTES } from './api/emulator-limits.js';
import { STORE_FOLDER_NAME } from './store.js';
import { tenantOf } from './store/tenant.js';

const HEAVY = 'heavy-tenant-token';
const LIGHT = 'light-tenant-token';
/** Channels the heavy tenant makes, each close to the record cap: about 4.5 MB of file. */
const HEAVY_CHANNELS = 300;
const SAMPLES = 15;

const light: CreateChannelRequest = {
  hls: [{ durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 480, fps: 30, bps: 1_000_000 } }],
};
// Long but legitimate webhook URLs: the largest record the API takes without a limit error.
const longUrl = (name: string) => `http://127.0.0.1:9/${name}?${'q'.repeat(MAX_RECORD_BYTES / 2 - 600)}`;
const heavy: CreateChannelRequest = { ...light, auth_webhook_url: longUrl('auth'), event_webhook_url: longUrl('event') };

/** Bytes this process has written with write(2) and friends (files and sockets); undefined off Linux. */
function bytesWritten(): number | undefined {
  if (!existsSync('/proc/self/io')) return undefined;
  const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
  return match === null ? undefined : Number(match[1]);
}

interface Sample {
  medianMs: number;
  /** Bytes written per create, or undefined where the OS does not say. */
  bytesPerWrite: number | undefined;
}

async function measureCreates(client: ImageFluxClient): Promise<Sample> {
  const times: number[] = [];
  const bytesBefore = bytesWritten();
  for (let index = 0; index < SAMPLES; index += 1) {
    const started = performance.now();
    await client.createChannel(light);
    times.push(performance.now() - started);
  }
  const bytesAfter = bytesWritten();
  times.sort((a, b) => a - b);
  return {
    medianMs: times[Math.floor(times.length / 2)]!,
    bytesPerWrite: bytesBefore === undefined || bytesAfter === undefined ? undefined : (bytesAfter - bytesBefore) / SAMPLES,
  };
}

describe("a tenant's write latency does not grow with another tenant's data", { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ifls-tenant-isolation-'));
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ dataDir, tokens: [HEAVY, LIGHT] });
  });
  after(async () => {
    await emulator?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the light tenant writes as fast, and as little, beside megabytes of the heavy tenant', async () => {
    const heavyClient = new ImageFluxClient({ accessToken: HEAVY, endpoint: emulator.url });
    const lightClient = new ImageFluxClient({ accessToken: LIGHT, endpoint: emulator.url });
    await lightClient.createChannel(light); // warm-up: the first request loads code
    const alone = await measureCreates(lightClient);

    // 25 at a time: changes that arrive while a write is in flight are written together.
    for (let made = 0; made < HEAVY_CHANNELS; made += 25) {
      await Promise.all(Array.from({ length: 25 }, () => heavyClient.createChannel(heavy)));
    }
    const heavyFile = join(dataDir, STORE_FOLDER_NAME, `${tenantOf(HEAVY)}.json`);
    const heavyBytes = readFileSync(heavyFile).length;
    assert.ok(heavyBytes > 2_000_000, `the heavy tenant holds ${heavyBytes} bytes`);

    const beside = await measureCreates(lightClient);
    console.log(
      `light tenant create, median: ${alone.medianMs.toFixed(1)} ms alone, ${beside.medianMs.toFixed(1)} ms beside ${heavyBytes} bytes; ` +
        `bytes written per create: ${alone.bytesPerWrite} alone, ${beside.bytesPerWrite} beside`,
    );
    if (beside.bytesPerWrite !== undefined) {
      // Rewriting the heavy tenant's data would be megabytes a create.
      assert.ok(beside.bytesPerWrite < 64 * 1024, `${beside.bytesPerWrite} bytes written per create`);
    }
    // Generous: a shared 2-core machine jitters; rewriting 2 MB with fsync costs far more than this slack.
    assert.ok(beside.medianMs <= alone.medianMs * 3 + 15, `${beside.medianMs} ms beside vs ${alone.medianMs} ms alone`);

    const stored = readFileSync(heavyFile, 'utf8');
    assert.equal(stored.split('\n').length, 2, 'compact: one line');
  });
});
