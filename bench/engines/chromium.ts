/** Chromium for the bench: playwright-core over CDP, the fake camera and microphone of launchChromium. */
import { launchChromium } from '../../packages/emulator/src/testing/chromium.js';
import { callExpression, unwrapResult, waitForExpression, wrapExpression, type BenchBrowser, type BenchPage } from './engine.js';

export async function launchChromiumEngine(): Promise<BenchBrowser> {
  const browser = await launchChromium();
  return {
    engine: 'chromium',
    version: `Chromium ${browser.version()}`,
    async open(url) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        page.on('pageerror', (error) => console.error(`[bench page, chromium] ${error.message}`));
        await page.goto(url);
        const evaluate = async <T>(expression: string) => unwrapResult<T>(await page.evaluate(wrapExpression(expression)));
        const benchPage: BenchPage = {
          evaluate,
          call: (fn, arg) => evaluate(callExpression(fn, arg)),
          waitFor: async (expression, timeoutMs = 30_000) => void (await evaluate(waitForExpression(expression, timeoutMs))),
          close: () => context.close(),
        };
        return benchPage;
      } catch (error) {
        await context.close().catch(() => {});
        throw error;
      }
    },
    close: () => browser.close(),
  };
}
