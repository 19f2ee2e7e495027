/**
 * The networks a viewer's phone might be on, applied to one Chromium page through CDP
 * `Network.emulateNetworkConditions` (the page's own session: other pages stay on localhost).
 * Chromium adds the latency to every request before its response headers and shapes the bytes
 * on the wire to the throughput (both checked to within 5 %, Chromium 156). Offline fails every
 * request made while it lasts at once (ERR_INTERNET_DISCONNECTED), as on a phone that knows it
 * lost its signal; but a request already under way when the connection drops completes at that
 * moment, whole, its remaining latency and transfer time skipped (checked: fetch and XHR alike).
 * On the flaky profile's 4g that is at most one segment's ~0.3 s, to whichever player happens to
 * have one in flight, beside a 3 s outage. The emulation
 * covers the page's XHR and fetch, which is where hls.js loads playlists and segments in all three
 * players (its worker, when it has one, only transmuxes; none of the bench's builds starts one), and
 * Chromium 156 applies a page's emulation to the fetches of its dedicated workers as well.
 * Upload figures are those of Chromium DevTools' presets of the same download speed; the players
 * upload nothing but request headers.
 */
import type { Cdp } from './engines/engine.js';

export interface NetworkProfile {
  name: string;
  latencyMs: number;
  downMbps: number;
  upMbps: number;
  /** The connection drops for `forMs` at the end of every `everyMs` (cycle: up, then down). */
  drops?: { everyMs: number; forMs: number };
}

const fourG = { latencyMs: 150, downMbps: 9, upMbps: 1.5 };

export const networkProfiles: NetworkProfile[] = [
  { name: '4g', ...fourG },
  { name: '3g', latencyMs: 400, downMbps: 1.6, upMbps: 0.75 },
  // A 4g connection that drops: its figures beside 4g's show what the drops alone cost.
  { name: 'flaky', ...fourG, drops: { everyMs: 20_000, forMs: 3_000 } },
];

export async function emulateNetwork(cdp: Cdp, profile: NetworkProfile, offline = false): Promise<void> {
  await cdp.send('Network.emulateNetworkConditions', {
    offline,
    latency: profile.latencyMs,
    // bytes per second
    downloadThroughput: (profile.downMbps * 1_000_000) / 8,
    uploadThroughput: (profile.upMbps * 1_000_000) / 8,
  });
}

/**
 * Runs the profile's drops on the page from now, `phaseMs` into the cycle (so a phase of
 * `everyMs - forMs` starts offline at once), until the answered function stops them and brings the
 * connection back. Without drops in the profile it does nothing.
 */
export async function startDrops(cdp: Cdp, profile: NetworkProfile, phaseMs: number): Promise<() => Promise<void>> {
  const drops = profile.drops;
  if (!drops) return async () => {};
  const upMs = drops.everyMs - drops.forMs;
  const origin = performance.now() - phaseMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let applying: Promise<void> = Promise.resolve();

  const apply = async () => {
    const now = performance.now();
    const inCycle = (now - origin) % drops.everyMs;
    const changeAt = now - inCycle + (inCycle < upMs ? upMs : drops.everyMs);
    await emulateNetwork(cdp, profile, inCycle >= upMs);
    if (stopped) return;
    // +1 ms so that a timer firing on time lands past the boundary.
    const delay = Math.max(0, changeAt - performance.now()) + 1;
    timer = setTimeout(() => (applying = apply().catch((error: unknown) => console.error('bench: network drop:', error))), delay);
  };
  await apply();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await applying;
    // The page may be closing already; nothing to bring back then.
    await emulateNetwork(cdp, profile, false).catch(() => {});
  };
}
