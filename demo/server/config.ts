/**
 * The demo's settings, all from environment variables so `npm start` needs no arguments.
 */
import { hostnameOf } from './allowed-hosts.js';

export interface DemoConfig {
  /** Where the demo's pages and JSON API listen. */
  host: string;
  /** 0 takes any free port (the tests do this). */
  port: number;
  /** The real service, when both IFLS_API_URL and IFLS_ACCESS_TOKEN are set; otherwise the emulator. */
  service: { apiUrl: string; accessToken: string } | undefined;
  /** The emulator's port; 0 (the default) takes any free port, printed at startup. */
  emulatorPort: number;
  /**
   * Host names the demo answers to besides its own (IFLS_DEMO_ALLOWED_HOSTS, comma-separated):
   * the public name of a proxy in front of it. `.example.com` allows example.com and its subdomains.
   */
  allowedHosts: string[];
}

/** A setting that cannot work; the message says which variable and why. */
export class DemoConfigError extends Error {
  override readonly name = 'DemoConfigError';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const apiUrl = env.IFLS_API_URL?.trim() ?? '';
  const accessToken = env.IFLS_ACCESS_TOKEN?.trim() ?? '';
  // Half a configuration would silently fall back to the emulator; say so instead.
  if ((apiUrl === '') !== (accessToken === '')) {
    throw new DemoConfigError('Set both IFLS_API_URL and IFLS_ACCESS_TOKEN to use the real service, or neither to use the local emulator.');
  }
  return {
    host: env.DEMO_HOST?.trim() || '127.0.0.1',
    port: portOf(env, 'DEMO_PORT', 8080),
    service: apiUrl === '' ? undefined : { apiUrl, accessToken },
    emulatorPort: portOf(env, 'IFLS_EMULATOR_PORT', 0),
    allowedHosts: hostNamesOf(env, 'IFLS_DEMO_ALLOWED_HOSTS'),
  };
}

/** A comma-separated list of host names, each checked: a URL or a port in it would never match a `Host`. */
function hostNamesOf(env: NodeJS.ProcessEnv, name: string): string[] {
  const names = (env[name] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of names) {
    const bare = entry.startsWith('.') ? entry.slice(1) : entry;
    if (hostnameOf(bare) === undefined || /:\d+$/.test(bare) || bare === '*') {
      throw new DemoConfigError(`${name} lists host names without scheme or port (e.g. demo.example.com or .example.com), not "${entry}".`);
    }
  }
  return names;
}

function portOf(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DemoConfigError(`${name} must be a port number from 0 to 65535, not "${text}".`);
  }
  return port;
}
