/** Turns the benchmark's figures into a Markdown table with each figure's goal and whether it is met. */
import { anchorPrefixes } from './player-kinds.js';

export interface Distribution {
  p50: number;
  p95: number;
  n: number;
}
export type Figure = Distribution | number | string | null;
export type Figures = Record<string, Figure>;

interface Goal {
  text: string;
  met(figures: Figures): boolean | undefined;
}

const p50 = (figure: Figure | undefined) =>
  typeof figure === 'object' && figure !== null ? figure.p50 : typeof figure === 'number' ? figure : undefined;
const atMost = (key: string, limit: number | ((f: Figures) => number | undefined), text: string): [string, Goal] => [
  key,
  {
    text,
    met(figures) {
      const value = p50(figures[key]);
      const bound = typeof limit === 'number' ? limit : limit(figures);
      return value === undefined || bound === undefined ? undefined : value <= bound;
    },
  },
];

/** The anchors' figures under the player's key prefixes (player-kinds.ts). */
const betterAnchor = (figures: Figures, suffix: string) => {
  const values = anchorPrefixes.map((prefix) => p50(figures[`${prefix}.${suffix}`])).filter((value) => value !== undefined);
  return values.length === 0 ? undefined : Math.min(...values);
};
const mapDefined = (value: number | undefined, map: (value: number) => number) => (value === undefined ? undefined : map(value));
/** Glass-to-glass where the network allows holding the channel's offset: |startTimeOffset| (2 s) + 0.5 s. */
const holdLatencyMs = 2500;

/** The goals the issues set. */
export const goals = new Map<string, Goal>([
  atMost('emulator.first_playlist_ms', 1500, 'p50 ≤ 1500 ms'),
  // A capacity, not a target: how many channels one machine carries (each first playlist ≤ 1.5 s, no ffmpeg restart).
  ['emulator.channels_2core', { text: 'informational', met: () => undefined }],
  atMost('publisher.connect_ms', (f) => (p50(f['publisher.bare_sdk_connect_ms']) ?? NaN) * 1.1, '≤ bare sora-js-sdk + 10 %'),
  atMost('publisher.js_gz_bytes', 26 * 1024, '≤ 26 KB'),
  atMost('player.ttff_ms', (f) => mapDefined(betterAnchor(f, 'ttff_ms'), (anchor) => 0.7 * anchor), '≤ 0.7 × the better anchor'),
  atMost(
    'player.g2g_ms',
    (f) => mapDefined(betterAnchor(f, 'g2g_ms'), (anchor) => Math.min(holdLatencyMs, anchor)),
    'p50 ≤ 2.5 s and ≤ the better anchor',
  ),
  atMost('player.stalls', 0, '0'),
  atMost('player.initial_js_gz_bytes', 16 * 1024, '≤ 16 KB'),
  ...playerGoals(),
]);

/**
 * Issue 11's goals for the player beside its anchors. "The better anchor": for each figure, the
 * lower of hls-video-element's and bare hls.js's (p50 for a distribution), those measured.
 */
function playerGoals(): [string, Goal][] {
  const vsAnchors = (suffix: string, text = '≤ the better anchor') => atMost(`player.${suffix}`, (f) => betterAnchor(f, suffix), text);
  return [
    vsAnchors('cpu_ms_per_s'),
    atMost('player.long.heap_growth_mb', 5, '≤ 5 MB'),
    vsAnchors('net.4g.ttff_ms', 'p50 ≤ the better anchor'),
    atMost(
      'player.net.4g.g2g_ms',
      (f) => mapDefined(betterAnchor(f, 'net.4g.g2g_ms'), (anchor) => Math.min(holdLatencyMs, anchor)),
      'p50 ≤ 2.5 s and ≤ the better anchor',
    ),
    atMost('player.net.4g.stalls', 0, '0'),
    ...['3g', 'flaky'].flatMap((profile) => [
      vsAnchors(`net.${profile}.ttff_ms`, 'p50 ≤ the better anchor'),
      vsAnchors(`net.${profile}.g2g_ms`, 'p50 ≤ the better anchor'),
      vsAnchors(`net.${profile}.stalls`),
      vsAnchors(`net.${profile}.stall_ms`),
    ]),
  ];
}

function show(figure: Figure | undefined): string {
  if (figure === undefined || figure === null) return '—';
  if (typeof figure === 'object') return `p50 ${round(figure.p50)} · p95 ${round(figure.p95)} · n ${figure.n}`;
  return typeof figure === 'number' ? String(round(figure)) : figure;
}

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100);

export function formatTable(figures: Figures): string {
  const rows = ['| figure | value | goal | met |', '|---|---|---|---|'];
  for (const key of Object.keys(figures).sort()) {
    const goal = goals.get(key);
    const met = goal?.met(figures);
    rows.push(`| \`${key}\` | ${show(figures[key])} | ${goal?.text ?? ''} | ${met === undefined ? '' : met ? 'yes' : '**no**'} |`);
  }
  return rows.join('\n');
}
