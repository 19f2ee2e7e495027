/**
 * The bench's view of a browser engine: open a page at a URL, evaluate JavaScript in it, close it.
 * The same bench pages (bench/pages/*.js) run unchanged in each engine; everything they measure
 * is read back as JSON through `evaluate`, with times taken inside the page.
 * Engines (each from a Debian package, driven offline, see docs/browser-engines.md):
 * - chromium: playwright-core over CDP (chromium.ts)
 * - firefox:  puppeteer-core over WebDriver BiDi, no geckodriver (firefox.ts)
 * - webkit:   WebKitGTK's MiniBrowser through WebKitWebDriver (classic WebDriver over HTTP),
 *             under xvfb-run (webkit.ts)
 */

export const engineNames = ['chromium', 'firefox', 'webkit'] as const;
export type EngineName = (typeof engineNames)[number];

export interface BenchPage {
  /**
   * Evaluates `expression` in the page and answers its value (a promise is awaited). The value
   * crosses as JSON: undefined, numbers, strings, arrays and plain objects.
   */
  evaluate<T = unknown>(expression: string): Promise<T>;
  /** Calls `fn(arg)` in the page: `fn` is sent as its source text, so it must not close over anything. */
  call<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /** Resolves once `expression` is truthy in the page (polled there every 50 ms); fails after `timeoutMs`. */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  /**
   * Chromium only: the Chrome DevTools Protocol of this page (its own session), for what a page
   * cannot do or see itself: network emulation, main-thread task times, the JS heap after a GC.
   */
  readonly cdp?: Cdp;
}

/**
 * One CDP session: `send('Network.emulateNetworkConditions', {…})` answers the command's result;
 * `on('Network.loadingFinished', …)` hears the session's events (of the domains it enabled).
 */
export interface Cdp {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  on(event: string, listener: (params: Record<string, unknown>) => void): void;
}

export interface OpenOptions {
  /**
   * Chromium only (other engines do not take options): runs once the page exists and before it
   * navigates to the URL, so that e.g. network emulation set through `page.cdp` covers the whole load.
   */
  beforeNavigate?(page: BenchPage): Promise<void>;
}

export interface BenchBrowser {
  readonly engine: EngineName;
  /** Product and version, e.g. `Firefox 153.8.0esr`. */
  readonly version: string;
  /** A new page at `url`, in a fresh browsing context (no cache, no cookies) where the engine has them. */
  open(url: string, options?: OpenOptions): Promise<BenchPage>;
  close(): Promise<void>;
}

/** `IFLS_BENCH_ENGINES=firefox,webkit` limits the engines the bench measures in; all three by default. */
export function selectedEngines(value = process.env.IFLS_BENCH_ENGINES): EngineName[] {
  if (!value) return [...engineNames];
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!engineNames.includes(name as EngineName))
      throw new Error(`IFLS_BENCH_ENGINES: unknown engine "${name}" (known: ${engineNames.join(', ')})`);
  }
  return names as EngineName[];
}

/** The versions of the engines launched so far in this process, for the results' `meta`. */
export const launchedVersions: Partial<Record<EngineName, string>> = {};

export async function launchEngine(engine: EngineName): Promise<BenchBrowser> {
  const browser =
    engine === 'chromium'
      ? await (await import('./chromium.js')).launchChromiumEngine()
      : engine === 'firefox'
        ? await (await import('./firefox.js')).launchFirefoxEngine()
        : await (await import('./webkit.js')).launchWebKitEngine();
  launchedVersions[engine] = browser.version;
  return browser;
}

/**
 * The script each engine evaluates for `expression`: an async function whose result is
 * `{ value }` as JSON text, so that every engine hands back the same shape (undefined included).
 * `__name`: tsx compiles the bench with esbuild's keepNames, which wraps functions declared inside
 * a `call()` callback in a helper the page does not have.
 */
export function wrapExpression(expression: string): string {
  return `(async () => { globalThis.__name ??= (target) => target; return JSON.stringify({ value: await (${expression}) }); })()`;
}

export function unwrapResult<T>(json: unknown): T {
  if (typeof json !== 'string') throw new Error(`bench page answered ${String(json)} instead of JSON`);
  return (JSON.parse(json) as { value: T }).value;
}

export function callExpression<A>(fn: (arg: A) => unknown, arg: A): string {
  return `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`;
}

/** The expression `waitFor` evaluates: polls `expression` in the page. */
export function waitForExpression(expression: string, timeoutMs: number): string {
  return `new Promise((resolve, reject) => {
    const deadline = Date.now() + ${timeoutMs};
    const poll = () => {
      let value;
      try { value = (${expression}); } catch { value = undefined; }
      if (value) resolve(true);
      else if (Date.now() > deadline) reject(new Error(${JSON.stringify(`not true within ${timeoutMs} ms: `)} + ${JSON.stringify(expression)}));
      else setTimeout(poll, 50);
    };
    poll();
  })`;
}
