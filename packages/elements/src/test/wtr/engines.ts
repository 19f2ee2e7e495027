/**
 * The three browser engines of the elements' tests, each from a Debian package and driven offline:
 * Chromium (`chromium`) over CDP, Firefox ESR (`firefox-esr`) over WebDriver BiDi, and WebKitGTK's
 * MiniBrowser (`webkit2gtk-driver`) over classic WebDriver under a virtual display (`xvfb`).
 * Facts and pitfalls: CONTRIBUTING.md ("Tests") and docs/browser-engines.md.
 */
import type { BrowserLauncher } from '@web/test-runner-core';
import { chromeLauncher } from '@web/test-runner-chrome';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { chromiumArgs, findChrome } from '@ifls/emulator/testing';
import { WebKitLauncher } from './webkit-launcher.js';

export const engineNames = ['chromium', 'firefox', 'webkit'] as const;
export type EngineName = (typeof engineNames)[number];

export const firefoxPath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/** `IFLS_ENGINES=chromium,firefox` picks some; all three by default. */
export function selectedEngines(value = process.env.IFLS_ENGINES): EngineName[] {
  if (!value) return [...engineNames];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!engineNames.includes(name as EngineName)) {
      throw new Error(`IFLS_ENGINES: unknown engine "${name}" (known: ${engineNames.join(', ')})`);
    }
  }
  return names as EngineName[];
}

export function launcherFor(engine: EngineName): BrowserLauncher {
  switch (engine) {
    case 'chromium':
      return chromeLauncher({
        // Two fake cameras and microphones: the publisher's device switching is tested.
        launchOptions: { executablePath: findChrome(), headless: true, args: chromiumArgs({ fakeDeviceCount: 2 }) },
      });
    case 'firefox':
      return puppeteerLauncher({
        launchOptions: {
          browser: 'firefox',
          executablePath: firefoxPath,
          headless: true,
          extraPrefsFirefox: {
            'media.navigator.streams.fake': true,
            'media.navigator.permission.disabled': true,
            'media.autoplay.default': 0,
            'media.autoplay.blocking_policy': 0,
          },
        },
      });
    case 'webkit':
      return new WebKitLauncher();
  }
}
