/**
 * The players the player part measures, and where each one's figures go: `<ifls-player>` under
 * `player.*`, its anchors under `anchors.<name>.*`. Shared by the part (player.ts) and the goals
 * (report.ts), which compare against "the better anchor": the lower of the anchors' figures.
 */
export type PlayerKind = 'ifls-player' | 'hls-video-element' | 'hls.js';

export const prefixes: Record<PlayerKind, string> = {
  'ifls-player': 'player',
  'hls-video-element': 'anchors.hls-video-element',
  'hls.js': 'anchors.hls.js-defaults',
};

export const playerKinds = Object.keys(prefixes) as PlayerKind[];

/** The anchors' key prefixes: `anchors.hls-video-element`, `anchors.hls.js-defaults`. */
export const anchorPrefixes = playerKinds.filter((kind) => kind !== 'ifls-player').map((kind) => prefixes[kind]);
