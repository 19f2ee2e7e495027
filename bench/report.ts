/** Turns the benchmark's figures into a Markdown table with each figure's goal and whether it is met. */

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

const p50 = (figure: Figure | undefined) => (typeof figure === 'object' && figure !== null ? figure.p50 : typeof figure === 'number' ? figure : undefined);
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

/** The goals the issues set. */
export const goals = new Map<string, Goal>([
  atMost('emulator.first_playlist_ms', 1500, 'p50 ≤ 1500 ms'),
  atMost('publisher.connect_ms', (f) => (p50(f['publisher.bare_sdk_connect_ms']) ?? NaN) * 1.1, '≤ bare sora-js-sdk + 10 %'),
  atMost('publisher.js_gz_bytes', 26 * 1024, '≤ 26 KB'),
  atMost('player.ttff_ms', (f) => p50(f['anchors.hls-video-element.ttff_ms']), '≤ hls-video-element'),
  atMost('player.g2g_ms', 2800, 'p50 ≤ 2.8 s'),
  atMost('player.stalls', 0, '0'),
  atMost('player.initial_js_gz_bytes', 16 * 1024, '≤ 16 KB'),
]);

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
