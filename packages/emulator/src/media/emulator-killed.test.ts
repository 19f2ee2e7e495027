/**
 * An emulator killed with SIGKILL leaves nothing writing behind (issue 12). A REAL emulator
 * process (the CLI, from source) with a data folder transcodes a broadcast from headless
 * Chromium; it is killed; its ffmpeg must end within a few seconds by itself (nobody is left to
 * stop it), and an emulator started again on the same folder takes the channel up in a folder
 * no leftover ffmpeg ever wrote into.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../testing/chromium.js';
import { EmulatorProcesses, type EmulatorProcess } from '../test/emulator-process.js';
import { lightHlsEntry } from '../test/hls-entries.js';
import { waitFor } from '../test/media-fixture.js';
import { startHarnessServer as startPageServer, type HarnessServer as PageServer } from '@ifls/test-support/media-harness.js';
import { ffmpegProcessesFor, isAlive, liveDescendants } from '@ifls/test-support/process-children.js';
import type { HarnessGlobal } from '@ifls/test-support/media-harness-api.js';
import { sleep } from '@ifls/test-support/sleep.js';

interface Channel {
  channel_id: string;
  sora_url: string;
  playlist_url: string;
}

/** What "a few seconds" means: ffmpeg's input timeout is 2 s, and it may take it twice while probing. */
const ORPHAN_DEADLINE_MS = 5000;
const TOKEN = 'killed-emulator-token';

const processes = new EmulatorProcesses();
const dataDir = mkdtempSync(join(tmpdir(), 'ifls-killed-emulator-'));
let browser: Browser;
let pages: PageServer;
let page: Page;

before(async () => {
  pages = await startPageServer();
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  await page.goto(`${pages.origin}/`);
  await page.waitForFunction(() => 'harness' in globalThis);
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await pages?.close();
  await processes.killAll();
  rmSync(dataDir, { recursive: true, force: true });
});

function startEmulator(): Promise<EmulatorProcess> {
  return processes.start([TOKEN], {}, ['--data-dir', dataDir]);
}

async function publish(name: string, emulator: EmulatorProcess, channel: Channel): Promise<void> {
  const soraUrl = `${emulator.url.replace(/^http/, 'ws')}signaling`;
  const published = await page.evaluate(([name, options]) => (globalThis as unknown as HarnessGlobal).harness.publish(name, options), [
    name,
    { soraUrl, channelId: channel.channel_id },
  ] as const);
  assert.ok(published.ok, `publishing to ${soraUrl}: ${published.message}`);
}

/** Waits until the emulator serves the channel's playlist (ffmpeg wrote its first segment). */
async function waitForPlaylist(emulator: EmulatorProcess, channel: Channel): Promise<void> {
  const url = `${emulator.url}hls/${channel.channel_id}/playlist.m3u8`;
  await waitFor(`the playlist of ${channel.channel_id}`, async () => (await fetch(url)).status === 200, 30_000);
}

/** The ffmpeg processes of `channel` that descend from `emulator`, with their working folders. */
function ffmpegOf(emulator: EmulatorProcess, channel: Channel): { pid: number; cwd: string }[] {
  return ffmpegProcessesFor(channel.channel_id, liveDescendants(emulator.child.pid)).map((pid) => ({
    pid,
    cwd: readlinkSync(`/proc/${pid}/cwd`),
  }));
}

/** Every process on the machine working below `folder` (whoever its parent is now). */
function processesWorkingIn(folder: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (`${readlinkSync(`/proc/${entry}/cwd`)}/`.startsWith(`${folder}/`) && isAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // gone, or not ours to look at
    }
  }
  return found;
}

describe('an emulator killed with SIGKILL', () => {
  let channel: Channel;
  let leftover: { pid: number; cwd: string }[] = [];

  test('its ffmpeg ends on its own within a few seconds', { timeout: 120_000 }, async (t) => {
    const first = await startEmulator();
    channel = await first.client().createChannel({ hls: [lightHlsEntry] });
    await publish('first', first, channel);
    await waitForPlaylist(first, channel);
    leftover = ffmpegOf(first, channel);
    assert.ok(leftover.length > 0, 'the killed emulator had an ffmpeg running');

    first.child.kill('SIGKILL');
    const killedAt = Date.now();
    await first.exited;
    const deadline = killedAt + 60_000;
    while (leftover.some(({ pid }) => isAlive(pid)) && Date.now() < deadline) await sleep(50);
    const lived = Date.now() - killedAt;
    t.diagnostic(`ffmpeg outlived the emulator by ${lived} ms`);
    assert.ok(lived <= ORPHAN_DEADLINE_MS, `ffmpeg outlived the emulator by ${lived} ms (at most ${ORPHAN_DEADLINE_MS} ms)`);
  });

  test('an emulator started again on the same data folder shares no folder with a leftover writer', { timeout: 120_000 }, async () => {
    assert.ok(channel, 'the first test created the channel');
    const second = await startEmulator();
    await publish('second', second, channel);
    await waitForPlaylist(second, channel);
    const running = ffmpegOf(second, channel);
    assert.equal(running.length, 1, 'one ffmpeg transcodes the channel');
    const [{ cwd }] = running as [{ pid: number; cwd: string }];
    for (const old of leftover) assert.notEqual(cwd, old.cwd, "the new ffmpeg writes where the killed emulator's ffmpeg wrote");
    for (const old of leftover) assert.ok(!existsSync(old.cwd), `what the killed emulator left (${old.cwd}) is removed`);
    const channelFolder = join(cwd, '..');
    assert.deepEqual(
      readdirSync(channelFolder),
      [cwd.slice(channelFolder.length + 1)],
      "the channel folder holds only the running emulator's output",
    );
    const writers = processesWorkingIn(channelFolder);
    assert.deepEqual(
      writers,
      running.map(({ pid }) => pid),
      "no process but the new emulator's ffmpeg works in the channel folder",
    );
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
