/**
 * The host names the demo answers to. A page on another site can make a browser send requests to
 * the demo by pointing its own name at 127.0.0.1 (DNS rebinding); the browser then sends that
 * site's name as `Host`. Answering only to names that are the demo's own closes that door.
 *
 * Names are compared without the port: the port protects nothing here (a rebinding page can use
 * any port), and a proxy in front of the demo often listens on another one.
 */

/** Names that always reach this machine's loopback and nothing else. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export class AllowedHosts {
  readonly #names: ReadonlySet<string>;
  /** Names added by the operator (IFLS_DEMO_ALLOWED_HOSTS): `.example.com` also allows its subdomains. */
  readonly #extra: readonly string[];

  /**
   * `own`: the names the demo listens on and prints (its configured host, its LAN addresses);
   * `extra`: names a proxy in front of it uses.
   */
  constructor(own: readonly string[], extra: readonly string[] = []) {
    this.#extra = extra.map(normalizeName);
    this.#names = new Set([...LOOPBACK_NAMES, ...own, ...extra].map(normalizeName).filter((name) => !name.startsWith('.')));
  }

  /** Whether `hostHeader` (`name[:port]`, as in a `Host` header) is one of the demo's names. */
  allows(hostHeader: string | undefined): boolean {
    const name = hostnameOf(hostHeader);
    return name !== undefined && (this.#names.has(name) || this.isExtra(name));
  }

  /** Whether `name` is one of the names a proxy in front of the demo uses. */
  isExtra(name: string): boolean {
    return this.#extra.some((extra) => (extra.startsWith('.') ? name === extra.slice(1) || name.endsWith(extra) : name === extra));
  }

  /** The names, for messages. */
  describe(): string {
    return [...this.#names, ...this.#extra.filter((name) => name.startsWith('.'))].join(', ');
  }
}

/**
 * The host name of a `Host` header, normalized as a browser's URL parser would (lower case, IPv6
 * in brackets, no trailing dot); undefined when it is not a host at all.
 */
export function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (hostHeader === undefined || hostHeader === '' || /[/?#@\s\\]/.test(hostHeader)) return undefined;
  try {
    return normalizeName(new URL(`http://${hostHeader}`).hostname);
  } catch {
    return undefined;
  }
}

function normalizeName(name: string): string {
  const lower = name.trim().toLowerCase();
  // A bare IPv6 address as configured (DEMO_HOST=::1) is written in brackets in Host headers.
  const bracketed = lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
  return bracketed.length > 1 && bracketed.endsWith('.') ? bracketed.slice(0, -1) : bracketed;
}
