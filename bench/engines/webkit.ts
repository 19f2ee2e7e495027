/**
 * WebKitGTK for the bench: Debian's MiniBrowser driven through `WebKitWebDriver` (classic WebDriver,
 * plain HTTP calls) under `xvfb-run -a`, since MiniBrowser has no headless mode. Each `open()` is a
 * WebDriver session of its own, i.e. a fresh MiniBrowser (cold cache). The driver, its browsers and
 * the virtual display share one process group, ended by `close()`, by the bench's exit, and on
 * SIGINT/SIGTERM. Debian builds WebKitGTK without WebRTC: there is no `RTCPeerConnection` here.
 * `WEBKIT_DRIVER_PATH` and `WEBKIT_MINIBROWSER_PATH` override the binaries.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { callExpression, unwrapResult, waitForExpression, wrapExpression, type BenchBrowser, type BenchPage } from './engine.js';

export const webkitDriverPath = process.env.WEBKIT_DRIVER_PATH || 'WebKitWebDriver';
export const miniBrowserPath = process.env.WEBKIT_MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

const capabilities = {
  browserName: 'MiniBrowser',
  'webkitgtk:browserOptions': { binary: miniBrowserPath, args: ['--automation'] },
};

export async function launchWebKitEngine(): Promise<BenchBrowser> {
  const port = await freePort();
  // detached: xvfb-run, Xvfb, the driver and every MiniBrowser it starts form one process group.
  const driver = spawn('xvfb-run', ['-a', webkitDriverPath, `--port=${port}`, '--host=127.0.0.1'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  driver.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const stopGroup = () => signalGroup(driver, 'SIGTERM');
  const onSignal = (signal: NodeJS.Signals) => {
    stopGroup();
    if (process.listenerCount(signal) === 0) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  };
  process.once('exit', stopGroup);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const release = async () => {
    process.off('exit', stopGroup);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await endGroup(driver);
  };

  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForDriver(`${base}/status`, driver, () => stderr);
    // The first session tells the version; it is closed again so that every page starts cold.
    const first = await newSession(base);
    await command(base, 'DELETE', `/session/${first.id}`);
    const sessions = new Set<string>();
    return {
      engine: 'webkit',
      version: `WebKitGTK ${first.version}`,
      async open(url) {
        const { id } = await newSession(base);
        sessions.add(id);
        const close = async () => {
          if (!sessions.delete(id)) return;
          await command(base, 'DELETE', `/session/${id}`).catch(() => {});
        };
        try {
          await command(base, 'POST', `/session/${id}/timeouts`, { script: 600_000, pageLoad: 60_000 });
          await command(base, 'POST', `/session/${id}/url`, { url });
          const evaluate = async <T>(expression: string) => {
            const answer = await command(base, 'POST', `/session/${id}/execute/async`, {
              script: `const done = arguments[arguments.length - 1];
${wrapExpression(expression)}.then(done, (error) => done({ error: String(error && error.message ? error.message : error) }));`,
              args: [],
            });
            if (typeof answer === 'object' && answer !== null && 'error' in answer) throw new Error(`in WebKit: ${String(answer.error)}`);
            return unwrapResult<T>(answer);
          };
          const page: BenchPage = {
            evaluate,
            call: (fn, arg) => evaluate(callExpression(fn, arg)),
            waitFor: async (expression, timeoutMs = 30_000) => void (await evaluate(waitForExpression(expression, timeoutMs))),
            close,
          };
          return page;
        } catch (error) {
          await close();
          throw error;
        }
      },
      async close() {
        for (const id of [...sessions]) await command(base, 'DELETE', `/session/${id}`).catch(() => {});
        sessions.clear();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw new Error(`WebKitWebDriver: ${error instanceof Error ? error.message : String(error)}${stderr ? `\n${stderr.trim()}` : ''}`, {
      cause: error,
    });
  }
}

/** A new session (a new MiniBrowser); the driver and MiniBrowser are less steady than Chromium, so one retry. */
async function newSession(base: string): Promise<{ id: string; version: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const value = (await command(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } })) as {
        sessionId: string;
        capabilities: { browserVersion?: string };
      };
      return { id: value.sessionId, version: value.capabilities.browserVersion ?? 'unknown' };
    } catch (error) {
      if (attempt >= 2) throw error;
      await new Promise((done) => setTimeout(done, 1000));
    }
  }
}

async function command(base: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let answer: { value?: unknown };
  try {
    answer = JSON.parse(text) as { value?: unknown };
  } catch {
    throw new Error(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
  }
  if (!response.ok) {
    const value = answer.value as { error?: string; message?: string } | undefined;
    throw new Error(`${method} ${path}: ${value?.error ?? response.status} ${value?.message ?? ''}`.trim());
  }
  return answer.value;
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

async function waitForDriver(statusUrl: string, driver: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (driver.exitCode !== null) throw new Error(`${webkitDriverPath} exited with ${driver.exitCode}: ${stderr().trim()}`);
    const ready = await fetch(statusUrl).then(
      (answer) => answer.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`${webkitDriverPath} did not answer ${statusUrl} within 20 s`);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false; // the group is gone
  }
}

/** SIGTERM to the whole group, SIGKILL to whatever is left after 3 s. */
async function endGroup(child: ChildProcess): Promise<void> {
  if (!signalGroup(child, 'SIGTERM')) return;
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    if (!signalGroup(child, 0)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  signalGroup(child, 'SIGKILL');
}
