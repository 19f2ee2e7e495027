/**
 * Headless Chromium for tests and benchmarks, with a fake camera and microphone.
 * The caller closes what it launches; `launchChromium` also registers the browser so that a
 * test process that exits abnormally still ends it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export interface LaunchChromiumOptions {
  /** Grant camera/microphone without a prompt (default true). False makes getUserMedia fail with NotAllowedError. */
  allowMedia?: boolean;
  /** Extra Chromium switches. */
  args?: string[];
}

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChrome(): string {
  const found = process.env.CHROME_PATH || candidates.find((path) => existsSync(path));
  if (!found) throw new Error('No Chromium found: install chromium or set CHROME_PATH (npm test does this for you).');
  return found;
}

const open = new Set<Browser>();
process.once('exit', () => {
  for (const browser of open) browser.close().catch(() => {});
});

export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: findChrome(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream=fps=30',
      ...(options.allowMedia === false ? ['--deny-permission-prompts'] : ['--use-fake-ui-for-media-stream']),
      '--autoplay-policy=no-user-gesture-required',
      ...(options.args ?? []),
    ],
  });
  open.add(browser);
  browser.on('disconnected', () => open.delete(browser));
  return browser;
}
