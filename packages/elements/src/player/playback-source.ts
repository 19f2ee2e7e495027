import type { PlaybackPreference } from './choose-playback.js';
import type { PlayerChannel } from './player-types.js';
import { pageStartOffset } from './start-offset-loader.js';

/** What the player plays and how; a change of any of it starts over. */
export interface PlaybackSource {
  url: string;
  startTimeOffset: number | undefined;
  preference: PlaybackPreference;
  workerPath: string | undefined;
}

/** The element's properties that decide what is played. */
export interface SourceProperties {
  src?: string;
  channel?: PlayerChannel;
  startTimeOffset?: number;
  preferPlayback?: PlaybackPreference;
  workerPath?: string;
}

const sourceProperties: (keyof SourceProperties)[] = ['src', 'channel', 'startTimeOffset', 'preferPlayback', 'workerPath'];

/** Whether any property that decides what is played is among `changed` (Lit's changed properties). */
export function sourceChanged(changed: Map<PropertyKey, unknown>): boolean {
  return sourceProperties.some((name) => changed.has(name));
}

/** The playlist and how to play it, from `src` (or `channel`) and the other source properties. */
export function playbackSource(properties: SourceProperties): PlaybackSource | undefined {
  const url = properties.src ?? properties.channel?.playlist_url;
  if (url === undefined || url === '') return undefined;
  return {
    url,
    startTimeOffset: pageStartOffset(properties.startTimeOffset),
    preference: properties.preferPlayback,
    workerPath: properties.workerPath,
  };
}

/** Both undefined, or the same in every field. */
export function sameSource(a: PlaybackSource | undefined, b: PlaybackSource | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (Object.keys(a) as (keyof PlaybackSource)[]).every((key) => a[key] === b[key]);
}
