/**
 * The demo, end to end, as a visitor uses it: the demo process started like `npm start` starts it
 * (with its own emulator), headless Chromium with a fake camera and microphone.
 *
 * Run: `npx tsc -b && node --import tsx --test demo/e2e.test.ts`. Screenshots go to
 * test-results/demo/; with IFLS_DEMO_SCREENSHOT=1 the README's demo/screenshot.png is redrawn too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchChromium } from '@ifls/emulator/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startDemoProcess, type DemoProcess } from './e2e/demo-process.js';
import { descendantsOf, stillRunning, type ProcessInfo } from './e2e/process-tree.js';
import { saveReadmeScreenshot, saveScreenshot } from './e2e/screenshots.js';

const DESKTOP = { width: 1280, height: 800 };
/** Long enough for a slow CI machine to go live and transcode; there only to end a hang. */
const WAIT_MS = 90_000;
const MESSAGE = 'Hello from the e2e test 👋';

describe('the demo, end to end', () => {
  let demo: DemoProcess | undefined;
  let browser: Browser | undefined;
  /** CSP violations and uncaught errors of any page: the demo must have none. */
  const problems: string[] = [];
  /** The emulator's ffmpeg processes seen while live. */
  let ffmpegs: ProcessInfo[] = [];

  before(async () => {
    demo = await startDemoProcess();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop(); // a no-op when the last test stopped it already
  });

  test('a visitor creates a channel, goes live, watches, pushes a message and deletes the channel', { timeout: 6 * WAIT_MS }, async () => {
    const running = demo as DemoProcess;
    const chromium = browser as Browser;
    try {
      const broadcasterSide = await newContext(chromium);
      const home = await newPage(broadcasterSide, 'home', problems);

      // The channels page, in both languages.
      await home.goto(running.url);
      await home.getByRole('button', { name: '日本語' }).click();
      await home.locator('h1', { hasText: 'チャンネルを作成' }).waitFor();
      await home.getByRole('button', { name: 'EN' }).click();
      await home.locator('h1', { hasText: 'Create a channel' }).waitFor();

      // Create a channel with chosen HLS settings; the page shows CreateChannel's answer.
      await home.locator('#size').selectOption('640x480');
      await home.locator('#fps').selectOption('30');
      await home.locator('#video-kbps').fill('800');
      await home.locator('#segment-seconds').selectOption('1');
      await home.locator('#start-offset').selectOption('-2');
      await home.getByRole('button', { name: 'Create channel' }).click();
      await home.locator('#answer').waitFor();
      const answer = JSON.parse((await home.locator('#answer-json').textContent()) ?? '{}') as Record<string, string>;
      assert.deepEqual(Object.keys(answer).sort(), ['channel_id', 'playlist_url', 'sora_url']);
      assert.match(answer.sora_url ?? '', /^wss?:\/\//);
      assert.match(answer.playlist_url ?? '', /^https?:\/\/\S+\.m3u8$/);
      const channelId = answer.channel_id as string;
      await home.locator(`#channel-list [data-channel-id="${channelId}"]`).waitFor();
      await saveScreenshot(home, '1-channels');

      // Go live from the broadcaster page, with the publisher's own button.
      await home.locator('#answer-actions a[data-page=broadcast]').click();
      await home.waitForURL(/\/broadcast\?channel=/);
      const broadcaster = home;
      await broadcaster.locator('ifls-publisher').getByRole('button', { name: 'Go live' }).click();
      await broadcaster.locator('ifls-publisher[state=live]').waitFor({ timeout: WAIT_MS });
      // The emulator's signed event webhook reached the demo's /webhooks/events: its console says so.
      await waitForOutput(running, `Channel ${channelId}: the broadcaster is live`);

      // A second visitor opens the shared link and watches.
      const viewerSide = await newContext(chromium);
      const viewer = await newPage(viewerSide, 'watch', problems);
      const shareLink = await broadcaster.locator('#share-link').inputValue();
      assert.match(shareLink, /\/watch\?channel=/);
      await viewer.goto(shareLink);
      await viewer.locator('ifls-player[state=playing]').waitFor({ timeout: WAIT_MS });
      await waitForFramesToAdvance(viewer);

      ffmpegs = descendantsOf(running.pid).filter((process) => /ffmpeg/i.test(process.command));
      assert.ok(ffmpegs.length > 0, 'the emulator transcodes the live channel with ffmpeg');

      // The channel page lists the broadcaster's connection and pushes a message to everyone.
      const channelLink = await broadcaster.locator('#channel-actions a[data-page=channel]').getAttribute('href');
      const manager = await newPage(broadcasterSide, 'channel', problems);
      await manager.goto(channelLink as string);
      await manager.locator('#connections tr[data-role=sendonly]').waitFor({ timeout: WAIT_MS });
      await manager.locator('#push-message').fill(MESSAGE);
      await manager.getByRole('button', { name: 'Send' }).click();
      for (const page of [broadcaster, viewer, manager]) {
        await page.locator('#messages li', { hasText: MESSAGE }).waitFor({ timeout: WAIT_MS });
      }
      if (process.env.IFLS_DEMO_SCREENSHOT === '1') await saveReadmeScreenshot(chromium, broadcaster, viewer);
      await saveScreenshot(broadcaster, '2-broadcast-live');
      await saveScreenshot(viewer, '3-watch-playing');
      await saveScreenshot(manager, '4-channel');

      // Deleting the channel ends the broadcast and the viewing.
      manager.once('dialog', (dialog) => void dialog.accept());
      await manager.getByRole('button', { name: 'Delete channel' }).click();
      await broadcaster.locator('ifls-publisher[state=ended]').waitFor({ timeout: WAIT_MS });
      await viewer.locator('ifls-player[state=ended]').waitFor({ timeout: WAIT_MS });
      await waitForOutput(running, `Channel ${channelId}: the broadcaster left`);
      for (const page of [broadcaster, viewer, manager]) {
        await page.locator('#notice', { hasText: 'This channel was deleted.' }).waitFor();
      }
      await saveScreenshot(broadcaster, '5-broadcast-ended');
      await saveScreenshot(viewer, '6-watch-ended');
      await saveScreenshot(manager, '7-channel-deleted');

      assert.deepEqual(problems, [], 'no CSP violation and no uncaught error on any page');
      await broadcasterSide.close();
      await viewerSide.close();
    } catch (error) {
      // What the demo (and its emulator) printed is usually what explains a failure here.
      throw new Error(`${(error as Error).message}\n--- demo output ---\n${running.output().slice(-6000)}`, { cause: error });
    }
  });

  test('Ctrl-C stops the demo, its emulator and every ffmpeg', { timeout: WAIT_MS }, async () => {
    const running = demo as DemoProcess;
    const children = descendantsOf(running.pid);
    const ended = await running.stop();
    assert.equal(ended.killed, false, `the demo needed SIGKILL:\n${running.output().slice(-3000)}`);
    assert.equal(ended.code, 0);
    // Children learn of their parent's end a moment later (esbuild's service watches its stdin).
    const left = await settle(() => stillRunning([...children, ...ffmpegs]), 5000);
    assert.deepEqual(left, [], 'no process of the demo outlives it');
  });
});

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
  context.setDefaultTimeout(WAIT_MS);
  return context;
}

async function newPage(context: BrowserContext, name: string, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`${name}: uncaught ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(`${name}: ${message.text()}`);
  });
  return page;
}

/** Waits until the demo has printed `text` (within WAIT_MS). */
async function waitForOutput(demo: DemoProcess, text: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!demo.output().includes(text)) {
    assert.ok(Date.now() < deadline, `the demo never printed "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Polls `look` until it finds nothing or `ms` have passed; returns what it found last. */
async function settle<T>(look: () => T[], ms: number): Promise<T[]> {
  const deadline = Date.now() + ms;
  let found = look();
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    found = look();
  }
  return found;
}

/** The player's video shows new frames: a second of playback and more decoded frames than before. */
async function waitForFramesToAdvance(page: Page): Promise<void> {
  const video = await page.locator('ifls-player video').elementHandle();
  assert.ok(video, 'the player has a <video>');
  const start = await video.evaluate((element) => {
    const v = element as HTMLVideoElement;
    return { time: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames };
  });
  await page.waitForFunction(
    ({ element, time, frames }) => {
      const v = element as HTMLVideoElement;
      return v.currentTime > time + 1 && v.getVideoPlaybackQuality().totalVideoFrames > frames;
    },
    { element: video, ...start },
    { timeout: WAIT_MS },
  );
}
