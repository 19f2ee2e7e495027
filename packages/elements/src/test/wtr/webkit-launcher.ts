/**
 * WebKitGTK for @web/test-runner: starts `WebKitWebDriver` under `xvfb-run` (MiniBrowser has no
 * headless mode), hands it to @web/test-runner-webdriver, and ends the driver, its browser and the
 * virtual display when the run stops. Debian builds WebKitGTK without WebRTC, so this engine covers
 * the player (MediaSource) and the publisher's `unsupported` state.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { BrowserLauncher, TestRunnerCoreConfig } from '@web/test-runner-core';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { sleep } from '@ifls/test-support/sleep.js';

export const webkitDriverPath = process.env.WEBKIT_DRIVER_PATH || 'WebKitWebDriver';
export const miniBrowserPath = process.env.WEBKIT_MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export class WebKitLauncher implements BrowserLauncher {
  name = 'WebKit';
  type = 'webdriver';
  #driver: ChildProcess | undefined;
  #inner: WebdriverLauncher | undefined;

  async initialize(config: TestRunnerCoreConfig): Promise<void> {
    const port = await freePort();
    // detached: the driver, MiniBrowser and Xvfb share a process group that stop() ends at once.
    const driver = spawn('xvfb-run', ['-a', webkitDriverPath, `--port=${port}`, '--host=127.0.0.1'], {
      detached: true,
      stdio: 'ignore',
    });
    this.#driver = driver;
    process.once('exit', () => killGroup(driver));
    await waitForDriver(`http://127.0.0.1:${port}/status`, driver);
    this.#inner = new WebdriverLauncher({
      automationProtocol: 'webdriver',
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver speaks classic WebDriver only; webdriverio would otherwise ask for BiDi.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
      } as WebdriverIO.Capabilities,
    });
    await this.#inner.initialize(config);
  }

  async stop(): Promise<void> {
    await this.#inner?.stop();
    if (this.#driver) killGroup(this.#driver);
  }

  startSession(id: string, url: string): Promise<void> {
    return this.#inner!.startSession(id, url);
  }

  isActive(id: string): boolean {
    return this.#inner?.isActive(id) ?? false;
  }

  getBrowserUrl(id: string): Promise<string | undefined> {
    return this.#inner!.getBrowserUrl(id);
  }

  stopSession(id: string): ReturnType<WebdriverLauncher['stopSession']> {
    return this.#inner!.stopSession(id);
  }

  startDebugSession(id: string, url: string): Promise<void> {
    return this.#inner!.startDebugSession(id, url);
  }

  sendKeys(id: string, keys: string[]): Promise<void> {
    return this.#inner!.sendKeys(id, keys);
  }

  sendMouseClick(id: string, x: number, y: number): Promise<void> {
    return this.#inner!.sendMouseClick(id, x, y);
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForDriver(statusUrl: string, driver: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`${webkitDriverPath} exited with ${driver.exitCode}`);
    const ready = await fetch(statusUrl).then(
      (answer) => answer.ok,
      () => false,
    );
    if (ready) return;
    await sleep(100);
  }
  throw new Error(`${webkitDriverPath} did not answer ${statusUrl} within 20 s`);
}
