/**
 * Chromium for the bench: playwright-core over CDP, the fake camera and microphone of launchChromium.
 * Every page also gets a CDP session of its own (`page.cdp`): network emulation set there applies to
 * that page's requests only, so pages of one browser can sit on different networks.
 */
import { launchChromium } from '@ifls/emulator/testing';
import { callExpression, unwrapResult, waitForExpression, wrapExpression, type BenchBrowser, type BenchPage, type Cdp } from './engine.js';

export async function launchChromiumEngine(): Promise<BenchBrowser> {
  const browser = await launchChromium();
  return {
    engine: 'chromium',
    version: `Chromium ${browser.version()}`,
    async open(url, options = {}) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        page.on('pageerror', (error) => console.error(`[bench page, chromium] ${error.message}`));
        const session = await context.newCDPSession(page);
        // playwright types each command; the bench names its commands as strings.
        const cdp: Cdp = {
          send: (method, params) => session.send(method as never, params as never),
          on: (event, listener) => void session.on(event as never, listener as never),
        };
        const evaluate = async <T>(expression: string) => unwrapResult<T>(await page.evaluate(wrapExpression(expression)));
        const benchPage: BenchPage = {
          evaluate,
          call: (fn, arg) => evaluate(callExpression(fn, arg)),
          waitFor: async (expression, timeoutMs = 30_000) => void (await evaluate(waitForExpression(expression, timeoutMs))),
          close: () => context.close(),
          cdp,
        };
        await options.beforeNavigate?.(benchPage);
        await page.goto(url);
        return benchPage;
      } catch (error) {
        await context.close().catch(() => {});
        throw error;
      }
    },
    close: () => browser.close(),
  };
}
