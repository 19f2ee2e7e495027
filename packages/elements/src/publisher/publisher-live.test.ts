/**
 * <ifls-publisher> when the emulator crashes: real signaling, real WebRTC, real Chromium. These
 * tests kill the emulator's process group and start it again on the same port, which a browser
 * test cannot do to the test runner's shared emulator. Everything else the publisher does live
 * (going live, switching devices, screen share, mute, stats, push, auth webhook refusal,
 * DeleteChannel, stop while connecting, codec fallback and refusals, media not flowing) is in
 * publisher-live.browser.test.ts, run in Chromium and Firefox by @web/test-runner.
 */
import { ImageFluxClient, type CreateChannelRequest, type CreateChannelResponse } from '@ifls/api';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { openPublisherPage, previewIsMoving, waitForState, type PublisherPage } from '@ifls/test-support/publisher-fixture.js';

const hls: CreateChannelRequest['hls'] = [
  { durationSeconds: 1, startTimeOffset: -2, video: { width: 640, height: 360, fps: 30, bps: 800_000 } },
];

/** What the page heard from the element, in order. */
interface Recorded {
  type: string;
  state?: string;
  code?: string;
  message?: string;
  recoverable?: boolean;
}

/** Replaces the page's element with a new one publishing to `channel` (not started). */
async function mount(page: Page, channel: CreateChannelResponse, attributes = ''): Promise<void> {
  await page.evaluate(
    ({ channel, attributes }) => {
      document.querySelectorAll('ifls-publisher').forEach((element) => element.remove());
      document.querySelector('#main')!.innerHTML = `<ifls-publisher ${attributes}></ifls-publisher>`;
      const publisher = document.querySelector('ifls-publisher')!;
      publisher.channel = channel;
      const recorded: Recorded[] = [];
      (window as unknown as { recorded: Recorded[] }).recorded = recorded;
      publisher.addEventListener('ifls-state-change', (event) => recorded.push({ type: event.type, state: event.state }));
      publisher.addEventListener('ifls-error', (event) =>
        recorded.push({ type: event.type, code: event.code, message: event.message, recoverable: event.recoverable }),
      );
    },
    { channel, attributes },
  );
}

async function recorded(page: Page, type?: string): Promise<Recorded[]> {
  const all = await page.evaluate(() => (window as unknown as { recorded: Recorded[] }).recorded);
  return type === undefined ? all : all.filter((entry) => entry.type === type);
}

async function statesSeen(page: Page): Promise<string[]> {
  return (await recorded(page, 'ifls-state-change')).map((entry) => entry.state!);
}

async function start(page: Page): Promise<void> {
  await page.evaluate(() => void document.querySelector('ifls-publisher')!.start());
}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The emulator as a separate process (its CLI), so that it can crash: SIGKILL to its process
 * group (ffmpeg included) drops every socket at once, as a server crash or a network cut does.
 */
class EmulatorProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly dataDir: string,
    readonly token: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  async start(): Promise<void> {
    const cli = fileURLToPath(new URL('../../../emulator/bin/ifls-emulator.js', import.meta.url));
    this.child = spawn(process.execPath, [cli, '--port', String(this.port), '--data-dir', this.dataDir, '--token', this.token], {
      detached: true,
      stdio: 'ignore',
    });
    await waitUntil(
      'the emulator to listen',
      () =>
        fetch(this.url, { method: 'POST' }).then(
          () => true,
          () => false,
        ),
      20_000,
    );
  }

  crash(): void {
    if (this.child?.pid !== undefined && this.child.exitCode === null) process.kill(-this.child.pid, 'SIGKILL');
    this.child = undefined;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('<ifls-publisher> when the server goes away', () => {
  let emulator: EmulatorProcess;
  let dataDir: string;
  let client: ImageFluxClient;
  let browser: PublisherPage;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ifls-publisher-test-'));
    emulator = new EmulatorProcess(await freePort(), dataDir, 'publisher-test-token');
    await emulator.start();
    client = new ImageFluxClient({ accessToken: emulator.token, endpoint: emulator.url });
    browser = await openPublisherPage();
  });

  after(async () => {
    await browser?.close();
    emulator?.crash();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('reconnects by itself once the crashed server is back on the same port', async () => {
    const { page } = browser;
    await mount(page, await client.createChannel({ hls }));
    await start(page);
    await waitForState(page, 'live');
    const first = await page.evaluate(() => document.querySelector('ifls-publisher')!.connectionId);

    emulator.crash();
    await waitForState(page, 'reconnecting');
    assert.match((await page.locator('ifls-publisher').getByRole('status').textContent()) ?? '', /^Reconnecting \(\d+\/10\)/);
    assert.ok(await previewIsMoving(page), 'the preview keeps going while reconnecting');

    await emulator.start();
    await waitForState(page, 'live', undefined, 60_000);
    const second = await page.evaluate(() => document.querySelector('ifls-publisher')!.connectionId);
    assert.notEqual(second, first);
    assert.ok(second);
    const states = await statesSeen(page);
    assert.deepEqual(states.slice(0, 3), ['connecting', 'live', 'reconnecting']);
    assert.equal(states.at(-1), 'live');
    assert.deepEqual(await recorded(page, 'ifls-error'), []);
    await page.evaluate(() => document.querySelector('ifls-publisher')!.stop());
  });

  test('gives up after reconnect-attempts with connection-failed', async () => {
    const { page } = browser;
    await mount(page, await client.createChannel({ hls }), 'reconnect-attempts="2"');
    await start(page);
    await waitForState(page, 'live');
    emulator.crash();
    await waitForState(page, 'error', undefined, 60_000);
    const errors = await recorded(page, 'ifls-error');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, 'connection-failed');
    assert.equal(errors[0]!.recoverable, false);
    assert.match(errors[0]!.message!, /2 reconnect attempts/);
    assert.deepEqual(await statesSeen(page), ['connecting', 'live', 'reconnecting', 'error']);
    assert.equal(await page.evaluate(() => document.querySelector('ifls-publisher')!.localStream), null, 'the camera is off');
  });
});
