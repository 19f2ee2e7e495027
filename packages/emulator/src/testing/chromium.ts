/**
 * Headless Chromium for tests and benchmarks, with a fake camera and microphone.
 * The caller closes what it launches; `launchChromium` also registers the browser so that a
 * test process that exits abnormally still ends it. `findChrome` and `chromiumArgs` are the one
 * place the repository finds and configures Chromium (the elements' test runner uses them too).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export interface LaunchChromiumOptions {
  /** Grant camera/microphone without a prompt (default true). False makes getUserMedia fail with NotAllowedError. */
  allowMedia?: boolean;
  /** How many fake cameras and microphones (default 1); 2 gives fake_device_0/1 and Fake Audio Input 1/2 to switch between. */
  fakeDeviceCount?: number;
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

/** The switches of a headless Chromium with fake media devices on a machine without network. */
export function chromiumArgs(options: LaunchChromiumOptions = {}): string[] {
  const devices = options.fakeDeviceCount === undefined ? '' : `,device-count=${options.fakeDeviceCount}`;
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    // Without these Chromium keeps dialling out (and, offline, being refused).
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--use-fake-device-for-media-stream=fps=30${devices}`,
    ...(options.allowMedia === false ? ['--deny-permission-prompts'] : ['--use-fake-ui-for-media-stream']),
    '--autoplay-policy=no-user-gesture-required',
    ...(options.args ?? []),
  ];
}

export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: findChrome(), headless: true, args: chromiumArgs(options) });
  open.add(browser);
  browser.on('disconnected', () => open.delete(browser));
  return browser;
}
