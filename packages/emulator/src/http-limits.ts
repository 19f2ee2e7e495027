/**
 * Timeouts and a connection cap for the emulator's HTTP server, so that clients that connect and
 * then trickle their headers or body (or send nothing) cannot hold its sockets for long. Each one
 * is a startEmulator option, else an environment variable, else the default below; the README's
 * "Reliability" table lists them.
 */
import type { Server, ServerOptions } from 'node:http';
import { StartupError } from './startup-error.js';

export interface HttpLimits {
  /** A request's headers must have arrived this long after it began (also: after the connection opened). */
  headersTimeoutMs: number;
  /** The whole request, headers and body, must have arrived within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections open at once (HTTP and WebSocket); further ones are closed as they come. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1000,
};

export const HTTP_LIMIT_VARIABLES: Readonly<Record<keyof HttpLimits, string>> = {
  headersTimeoutMs: 'IFLS_EMULATOR_HEADERS_TIMEOUT_MS',
  requestTimeoutMs: 'IFLS_EMULATOR_REQUEST_TIMEOUT_MS',
  keepAliveTimeoutMs: 'IFLS_EMULATOR_KEEP_ALIVE_TIMEOUT_MS',
  maxConnections: 'IFLS_EMULATOR_MAX_CONNECTIONS',
};

/** Each limit from `options`, else its environment variable, else its default. Throws StartupError for a value that is not a positive whole number. */
export function httpLimitsOf(options: Partial<HttpLimits>, env: NodeJS.ProcessEnv = process.env): HttpLimits {
  const limits = { ...DEFAULT_HTTP_LIMITS };
  for (const key of Object.keys(DEFAULT_HTTP_LIMITS) as Array<keyof HttpLimits>) {
    const given = options[key];
    const variable = env[HTTP_LIMIT_VARIABLES[key]];
    const value = given ?? (variable === undefined || variable === '' ? undefined : Number(variable));
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value <= 0) {
      const source = given !== undefined ? `the ${key} option` : `${HTTP_LIMIT_VARIABLES[key]}`;
      throw new StartupError(`${source} must be a whole number above 0, not ${JSON.stringify(given ?? variable)}.`);
    }
    limits[key] = value;
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new StartupError(
      `the headers timeout (${limits.headersTimeoutMs} ms) must not be longer than the request timeout (${limits.requestTimeoutMs} ms).`,
    );
  }
  return limits;
}

/** Options for `createServer`: the request timeouts can only be checked as often as Node is told to look. */
export function serverOptionsOf(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node looks every 30 s by default, which would let a slow client stay that much past its timeout.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** Caps the connections (not a `createServer` option), and logs (at most every 10 s) connections refused at the cap. */
export function applyConnectionCap(server: Server, limits: HttpLimits, log: (line: string) => void): void {
  server.maxConnections = limits.maxConnections;
  let dropped = 0;
  let lastLog = 0;
  server.on('drop', () => {
    dropped += 1;
    const now = Date.now();
    if (now - lastLog < 10_000) return;
    lastLog = now;
    log(
      `Refused ${dropped} connection(s): ${limits.maxConnections} are open, the most this emulator takes (${HTTP_LIMIT_VARIABLES.maxConnections}).`,
    );
    dropped = 0;
  });
}
