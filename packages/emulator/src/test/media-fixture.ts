/**
 * What the media tests share: a real emulator (its HTTP API, its media plane), headless
 * Chromium with a fake camera, and the page server with sora-js-sdk and hls.js.
 */
import type { Browser, Page } from 'playwright-core';
import { ImageFluxClient } from '@ifls/api';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator.js';
import { launchChromium } from '../testing/chromium.js';
import { startHarnessServer, type HarnessServer } from '@ifls/test-support/media-harness.js';
import { sleep } from '@ifls/test-support/sleep.js';

export interface MediaFixture {
  emulator: RunningEmulator;
  browser: Browser;
  pages: HarnessServer;
  logLines: string[];
  /** Our own API client on the emulator, with its first token: how a backend calls it. */
  client: ImageFluxClient;
  /** A fresh page with the harness loaded. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startMediaFixture(options: EmulatorOptions = {}): Promise<MediaFixture> {
  const logLines: string[] = [];
  const log = (line: string) => {
    logLines.push(line);
    if (process.env.IFLS_MEDIA_TEST_LOG) console.log(`[emulator] ${line}`);
  };
  const emulator = await startEmulator({ log, ...options });
  let browser: Browser | undefined;
  let pages: HarnessServer | undefined;
  try {
    pages = await startHarnessServer();
    browser = await launchChromium();
  } catch (error) {
    await browser?.close();
    await pages?.close();
    await emulator.close();
    throw error;
  }
  const context = await browser.newContext();
  const client = new ImageFluxClient({ endpoint: emulator.url, accessToken: emulator.tokens[0]!, allowFileBucketUri: true });
  return {
    emulator,
    browser,
    pages,
    logLines,
    client,
    async newPage() {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (process.env.IFLS_MEDIA_TEST_LOG) console.log(`[page] ${message.text()}`);
      });
      await page.goto(`${pages.origin}/`);
      await page.waitForFunction(() => 'harness' in globalThis);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await pages.close();
      await emulator.close();
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(100);
  }
}
