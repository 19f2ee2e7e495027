/**
 * The door check of every request, before any routing: a foreign `Host` gets 421, a request that
 * changes something from a foreign `Origin` gets 403.
 *
 * Every request is checked, pages and scripts included, not only the API: a page served under a
 * foreign name would be a rebinding page's copy (or a proxy the demo does not know about), and its
 * every API call would be refused anyway; one clear refusal at the first request says what to set
 * (IFLS_DEMO_ALLOWED_HOSTS), and no path, present or future, can be left out of the check.
 *
 * `Origin` is checked on requests that change state (anything but GET, HEAD and OPTIONS): browsers
 * send it on every such request, so a page of another site is recognised even where `Host` is
 * right (a page on another local port, a form posted from anywhere). It must be the demo's own
 * origin (the same host and port as `Host`), or a name added for a proxy. Requests without
 * `Origin` come from programs, not pages, and pass. GET requests change nothing and pass: without
 * CORS headers another site cannot read what they answer.
 */
import type { MiddlewareHandler } from 'hono';
import { hostnameOf, type AllowedHosts } from './allowed-hosts.js';

/** The body of a refusal: the same shape as every error of the demo's API. */
export interface RefusalBody {
  error: { code: 'foreign-host' | 'foreign-origin'; message: string };
}

export interface Refusal {
  status: 421 | 403;
  body: RefusalBody;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The middleware every request passes first (demo-app.ts). */
export function requestGuard(allowed: AllowedHosts): MiddlewareHandler {
  return async (c, next) => {
    const refusal = refusalOf(c.req.method, c.req.header('host'), c.req.header('origin'), allowed);
    if (refusal === undefined) return next();
    // `connection: close`: whatever else the client meant to send on this connection is not wanted either.
    return c.json(refusal.body, refusal.status, { 'cache-control': 'no-store', connection: 'close' });
  };
}

/** `host`: the raw `Host` header (absent in HTTP/1.0), not the URL Hono's request was given. */
function refusalOf(method: string, host: string | undefined, origin: string | undefined, allowed: AllowedHosts): Refusal | undefined {
  if (!allowed.allows(host)) {
    return {
      status: 421,
      body: {
        error: {
          code: 'foreign-host',
          message:
            `This demo does not answer to the host name "${host ?? ''}" (it answers to ${allowed.describe()}). ` +
            'Behind a proxy, add the name to IFLS_DEMO_ALLOWED_HOSTS.',
        },
      },
    };
  }
  if (SAFE_METHODS.has(method)) return undefined;
  if (origin === undefined || isOwnOrigin(origin, host as string, allowed)) return undefined;
  return {
    status: 403,
    body: {
      error: {
        code: 'foreign-origin',
        message: `Requests that change something are accepted from the demo's own pages only, not from ${origin}.`,
      },
    },
  };
}

function isOwnOrigin(origin: string, host: string, allowed: AllowedHosts): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, file: pages) and anything else that is no origin
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.host === new URL(`http://${host}`).host) return true;
  // Behind a proxy `Host` may be the proxy's upstream name, the origin the public one.
  const name = hostnameOf(url.host);
  return name !== undefined && allowed.isExtra(name);
}
