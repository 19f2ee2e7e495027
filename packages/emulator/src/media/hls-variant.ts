/**
 * One rendition of a channel as ffmpeg makes it: the channel's `hls[i]` entry turned into the
 * names and numbers the command line and the playlists use.
 */
import type { HlsEntry } from '@ifls/api';
import { h264Level, mainProfileCodecString } from './h264-level.js';

export interface HlsVariant {
  index: number;
  /** File name stem: `v0`, `v1`… (served as `v0.m3u8`, segments `v0_r1_00000.ts`). */
  name: string;
  width: number;
  height: number;
  fps: number;
  videoBps: number;
  audioBps: number;
  segmentSeconds: number;
  startTimeOffset: number;
  /** x264 `-level`. */
  level: string;
  /** RFC 6381 codec of the rendition's video (H.264 Main at `level`). */
  videoCodec: string;
  /** RFC 6381 codec of its audio (AAC-LC). */
  audioCodec: string;
  archiveDestinationId: string | undefined;
}

export function hlsVariants(entries: HlsEntry[]): HlsVariant[] {
  return entries.map((entry, index) => {
    const level = h264Level(entry.video.width, entry.video.height, entry.video.fps, entry.video.bps);
    return {
      index,
      name: `v${index}`,
      width: evenSize(entry.video.width),
      height: evenSize(entry.video.height),
      fps: entry.video.fps,
      // ffmpeg's -b:v takes whole bits per second; the spec does not say video bps is whole
      videoBps: Math.round(entry.video.bps),
      audioBps: entry.audio?.bps ?? 96000,
      segmentSeconds: entry.durationSeconds,
      startTimeOffset: entry.startTimeOffset,
      level: level.level,
      videoCodec: mainProfileCodecString(level),
      audioCodec: 'mp4a.40.2',
      archiveDestinationId: entry.archive?.archive_destination_id || undefined,
    };
  });
}

/** yuv420p needs even sizes: an odd one is made even downwards, and 1 becomes 2. */
function evenSize(size: number): number {
  return Math.max(2, size - (size % 2));
}
