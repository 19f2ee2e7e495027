/**
 * When a page has loaded, the same rule for every player: its own requests have settled, none in
 * flight for `quietMs`. Seen through CDP's Network events (Chromium), which count every request of
 * the page: documents, scripts, chunks a script imports, fetches and XHRs. A page's "load" event
 * would not do: a chunk imported by a module (the player's hls.js, fetched when the element is
 * registered) may still be on the wire then, and an anchor's bundle never is.
 */
import type { Cdp } from './engines/engine.js';

export interface RequestWatch {
  /** Resolves once no request has been in flight for `quietMs`; fails after `timeoutMs`. */
  settled(quietMs: number, timeoutMs?: number): Promise<void>;
}

/** Starts counting the page's requests; call before it navigates, so that none is missed. */
export async function watchRequests(cdp: Cdp): Promise<RequestWatch> {
  const inFlight = new Set<string>();
  let lastChange = performance.now();
  const change = () => (lastChange = performance.now());
  cdp.on('Network.requestWillBeSent', ({ requestId }) => {
    inFlight.add(String(requestId));
    change();
  });
  for (const event of ['Network.loadingFinished', 'Network.loadingFailed']) {
    cdp.on(event, ({ requestId }) => {
      inFlight.delete(String(requestId));
      change();
    });
  }
  await cdp.send('Network.enable');
  return {
    async settled(quietMs, timeoutMs = 60_000) {
      const deadline = performance.now() + timeoutMs;
      while (inFlight.size > 0 || performance.now() - lastChange < quietMs) {
        if (performance.now() > deadline)
          throw new Error(`the page's requests did not settle within ${timeoutMs} ms (${inFlight.size} in flight)`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
