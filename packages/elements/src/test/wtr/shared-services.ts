/** The services the whole browser-test run shares, started on first use (see fixture-commands.ts). */
import { ImageFluxClient } from '@ifls/api';
import { startEmulator, type RunningEmulator } from '@ifls/emulator';
import { launchChromium } from '@ifls/emulator/testing';
import { startPageServer, type PageServer } from '@ifls/test-support/page-server.js';
import type { Browser } from 'playwright-core';

/** One emulator, one broadcaster browser for the whole run; started by the first test that needs them. */
export class SharedServices {
  #emulator: Promise<{ emulator: RunningEmulator; client: ImageFluxClient }> | undefined;
  #broadcaster: Promise<{ browser: Browser; server: PageServer }> | undefined;

  emulator() {
    this.#emulator ??= (async () => {
      const emulator = await startEmulator();
      const client = new ImageFluxClient({ accessToken: emulator.tokens[0]!, endpoint: emulator.url });
      return { emulator, client };
    })();
    return this.#emulator;
  }

  broadcaster() {
    this.#broadcaster ??= Promise.all([launchChromium(), startPageServer()]).then(([browser, server]) => ({ browser, server }));
    return this.#broadcaster;
  }

  async close(): Promise<void> {
    const [emulator, broadcaster] = await Promise.allSettled([this.#emulator, this.#broadcaster]);
    if (broadcaster.status === 'fulfilled' && broadcaster.value) {
      await broadcaster.value.browser.close().catch(() => {});
      await broadcaster.value.server.close().catch(() => {});
    }
    if (emulator.status === 'fulfilled' && emulator.value) {
      await emulator.value.emulator.close().catch(() => {});
    }
  }
}
