/**
 * A Chromium page with <ifls-publisher> defined, for the publisher's browser tests and benchmark.
 * The fake capture offers two cameras (`device-count=2`) so that switching can be tested.
 */
import { launchChromium, type LaunchChromiumOptions } from '@ifls/emulator/testing';
import type { Browser, Page } from 'playwright-core';
import { startPageServer, type PageServer } from './page-server.js';

export interface PublisherPage {
  browser: Browser;
  server: PageServer;
  page: Page;
  /** Everything the page logged as an error or threw, for failure messages. */
  errors: string[];
  close(): Promise<void>;
}

export const publisherPageHtml = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>ifls-publisher test page</title>
    <script type="module" src="/bundle/packages/elements/src/define/ifls-publisher.ts"></script>
  </head>
  <body>
    <main id="main"></main>
    <aside id="aside"></aside>
  </body>
</html>`;

/**
 * `host` replaces 127.0.0.1 in the page's URL (map it with `--host-resolver-rules`);
 * `initScript` runs in the page before its own scripts (to take a browser feature away).
 */
export async function openPublisherPage(
  options: LaunchChromiumOptions & { host?: string; initScript?: string } = {},
): Promise<PublisherPage> {
  const server = await startPageServer();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium({ fakeDeviceCount: 2, ...options });
    server.page('/publisher.html', publisherPageHtml);
    const page = await browser.newPage();
    // tsx compiles test files with esbuild's keepNames, which wraps functions declared inside
    // page.evaluate callbacks in a `__name(fn, "name")` helper the page does not have.
    await page.addInitScript('globalThis.__name = (target) => target');
    if (options.initScript !== undefined) await page.addInitScript(options.initScript);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${server.url.replace('127.0.0.1', options.host ?? '127.0.0.1')}/publisher.html`);
    await page.waitForFunction(() => customElements.get('ifls-publisher') !== undefined);
    const opened = browser;
    return {
      browser: opened,
      server,
      page,
      errors,
      async close() {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/** Waits until the element shows `state` (the reflected attribute); fails after `timeout` ms. */
export async function waitForState(page: Page, state: string, selector = 'ifls-publisher', timeout = 30_000): Promise<void> {
  await page.locator(`${selector}[state="${state}"]`).waitFor({ state: 'attached', timeout });
}

/** Resolves when the element's preview presents two new frames: what a viewer of the page would see move. */
export async function previewIsMoving(page: Page, selector = 'ifls-publisher'): Promise<boolean> {
  return page.evaluate(async (selector) => {
    const video = document.querySelector(selector)!.shadowRoot!.querySelector('video')!;
    const frame = () =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no video frame within 10 s')), 10_000);
        video.requestVideoFrameCallback((_now, metadata) => {
          clearTimeout(timer);
          resolve(metadata.presentedFrames);
        });
      });
    const first = await frame();
    const second = await frame();
    return !video.hidden && second > first;
  }, selector);
}
