/**
 * The three players on the networks of network-profiles.ts, in Chromium, on the same stream as the
 * localhost figures: `player.net.<profile>.*` and `anchors.<name>.net.<profile>.*`:
 *   ttff_ms    connected -> first frame, BENCH_PLAYER_NET_RUNS runs per player (default 7), the
 *              players interleaved run by run. The page loads on the profile's network and is held
 *              until it has loaded, by one rule for all three players: its scripts have run and none
 *              of its requests has been in flight for 0.5 s (bench/page-requests.ts; for
 *              <ifls-player> that includes the hls.js chunk it fetches when it is registered, for
 *              the anchors their bundles). Then it gets its stream.
 *   ttff_page_ms  informational: when that page had loaded (from navigation: its scripts run, its
 *              last request answered) plus ttff_ms, so that what each player's page costs to load
 *              on the profile stays in view beside the start itself
 *   g2g_ms     glass-to-glass over a BENCH_PLAYER_NET_G2G_SECONDS window (default 60) after 5 s of
 *              playback, one player after the other
 *   stalls     rebuffering in that window ('waiting' outside seeks, after the first frame)
 *   stall_ms   the time those stalls lasted, 'waiting' to 'playing', summed
 * `flaky` drops the connection for 3 s every 20 s. In the g2g window the drops begin 7 s in (at 7,
 * 27, 47 s of 60), the same for every player. In TTFF run i of n the first drop begins
 * (i + ½)/n × 3 s after the connection (0.2 to 2.8 s with 7 runs), the same i for every player: over
 * the runs it falls at every moment of a start, so a start that takes longer is hit by more of the
 * drops, as it would be. Never before the connection: the page has just loaded, and hls.js at its
 * defaults gives up for good when its first playlist request fails twice a second apart (both
 * anchors, tried), which would leave them without a figure rather than measure a start.
 * BENCH_PLAYER_NET_PROFILES=4g,3g limits the profiles (all by default).
 */
import type { BenchBrowser, BenchPage, Cdp, OpenOptions } from './engines/engine.js';
import { distribution } from './emulator.js';
import { emulateNetwork, networkProfiles, startDrops, type NetworkProfile } from './network-profiles.js';
import { setting, type Fail } from './options.js';
import { playerKinds, prefixes, type PlayerKind } from './player-kinds.js';
import { g2gRun, heldTtffRun, type During } from './player-runs.js';

const runs = setting('BENCH_PLAYER_NET_RUNS', 7, 2);
const profileNames = process.env.BENCH_PLAYER_NET_PROFILES?.split(',')
  .map((name) => name.trim())
  .filter(Boolean);
for (const name of profileNames ?? []) {
  if (!networkProfiles.some((profile) => profile.name === name)) throw new Error(`BENCH_PLAYER_NET_PROFILES: unknown profile "${name}"`);
}
const g2gSeconds = setting('BENCH_PLAYER_NET_G2G_SECONDS', 60, 10);
/** Where the first drop of `flaky` falls in a g2g window. */
const firstDropInWindowMs = 7000;
/** The TTFF runs' first drops are spread over this much time after the connection. */
const dropsDuringStartMs = 3000;

export type PageUrl = (kind: PlayerKind, ...flags: ('g2g' | 'hold' | 'buffered')[]) => string;

export async function measureNetworkProfiles(browser: BenchBrowser, pageUrl: PageUrl, fail: Fail): Promise<Record<string, unknown>> {
  const figures: Record<string, unknown> = {};
  for (const [index, profile] of networkProfiles.entries()) {
    if (profileNames && !profileNames.includes(profile.name)) continue;
    console.log(`bench: player on ${profile.name}…`);
    const started = Date.now();
    const key = (kind: PlayerKind, figure: string) => `${prefixes[kind]}.net.${profile.name}.${figure}`;
    const onProfile: OpenOptions = { beforeNavigate: (page) => emulateNetwork(cdpOf(page), profile) };

    const ttff = new Map<PlayerKind, number[]>(playerKinds.map((kind) => [kind, []]));
    const ttffPage = new Map<PlayerKind, number[]>(playerKinds.map((kind) => [kind, []]));
    for (let run = 0; run < runs; run++) {
      // Only flaky has drops; for it, the same phase for every player in this run.
      const phaseMs = phaseForFirstDrop(profile, ((run + 0.5) / runs) * dropsDuringStartMs);
      for (const kind of ttff.keys()) {
        try {
          const result = await heldTtffRun(browser, pageUrl(kind, 'hold'), { open: onProfile, during: drops(profile, phaseMs) });
          ttff.get(kind)!.push(result.ttff);
          ttffPage.get(kind)!.push(result.ttffPage);
        } catch (error) {
          // A player that cannot start here has no TTFF on this profile; the others go on.
          fail(key(kind, 'ttff_ms'), error);
          ttff.delete(kind);
        }
      }
    }
    for (const [kind, values] of ttff) {
      figures[key(kind, 'ttff_ms')] = distribution(values);
      figures[key(kind, 'ttff_page_ms')] = distribution(ttffPage.get(kind)!);
    }

    // A different player first on each profile, so that no player's window always comes first
    // after the TTFF runs.
    const order = playerKinds.map((_, offset) => playerKinds[(index + offset) % playerKinds.length]!);
    for (const kind of order) {
      try {
        const during = drops(profile, phaseForFirstDrop(profile, firstDropInWindowMs));
        const result = await g2gRun(browser, pageUrl(kind, 'g2g'), g2gSeconds, { open: onProfile, during });
        figures[key(kind, 'g2g_ms')] = distribution(result.samples);
        figures[key(kind, 'stalls')] = result.stalls;
        figures[key(kind, 'stall_ms')] = result.stallMs;
      } catch (error) {
        fail(key(kind, 'g2g_ms'), error);
      }
    }
    console.log(`bench: player on ${profile.name} took ${Math.round((Date.now() - started) / 1000)} s`);
  }
  return figures;
}

/** The phase of the drop cycle (see startDrops) at which its first drop begins `inMs` from now. */
function phaseForFirstDrop(profile: NetworkProfile, inMs: number): number {
  return profile.drops ? profile.drops.everyMs - profile.drops.forMs - inMs : 0;
}

function drops(profile: NetworkProfile, phaseMs: number): During | undefined {
  return profile.drops ? (page) => startDrops(cdpOf(page), profile, phaseMs) : undefined;
}

function cdpOf(page: BenchPage): Cdp {
  if (!page.cdp) throw new Error('network profiles need CDP (Chromium)');
  return page.cdp;
}
