/**
 * Firefox ESR for the bench: puppeteer-core over WebDriver BiDi (no geckodriver), headless, with
 * Firefox's fake camera and microphone and autoplay allowed. `FIREFOX_PATH` overrides the binary.
 * Firefox's WebRTC sends VP8, VP9 and AV1 but no H.264 (OpenH264 is a run-time download).
 */
import puppeteer from 'puppeteer-core';
import { callExpression, unwrapResult, waitForExpression, wrapExpression, type BenchBrowser, type BenchPage } from './engine.js';

export const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

export async function launchFirefoxEngine(): Promise<BenchBrowser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath,
    headless: true,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.autoplay.default': 0,
      'media.autoplay.blocking_policy': 0,
    },
  });
  // "firefox/153.8.0esr" -> "Firefox 153.8.0esr"
  const version = (await browser.version()).replace(/^firefox\//i, 'Firefox ');
  return {
    engine: 'firefox',
    version,
    async open(url) {
      const context = await browser.createBrowserContext();
      try {
        const page = await context.newPage();
        page.on('pageerror', (error) => console.error(`[bench page, firefox] ${error instanceof Error ? error.message : String(error)}`));
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
