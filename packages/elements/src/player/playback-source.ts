import type { PlaybackPreference } from './choose-playback.js';

/** What the player plays and how; a change of any of it starts over. */
export interface PlaybackSource {
  url: string;
  startTimeOffset: number | undefined;
  preference: PlaybackPreference;
  workerPath: string | undefined;
}

/** Both undefined, or the same in every field. */
export function sameSource(a: PlaybackSource | undefined, b: PlaybackSource | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (Object.keys(a) as (keyof PlaybackSource)[]).every((key) => a[key] === b[key]);
}
