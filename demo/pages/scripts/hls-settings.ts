/**
 * The choices the create form offers for a channel's `hls` settings, and how one entry reads.
 * Sizes are presets because the service transcodes to exactly this size: odd sizes help nobody.
 */
import type { HlsEntry } from '@ifls/api';
import { formatNumber, t } from './i18n.js';

export interface SizePreset {
  width: number;
  height: number;
  portrait?: boolean;
}

export const SIZE_PRESETS: SizePreset[] = [
  { width: 1280, height: 720 },
  { width: 960, height: 540 },
  { width: 640, height: 480 },
  { width: 640, height: 360 },
  { width: 320, height: 240 },
  { width: 720, height: 1280, portrait: true },
];

export const FRAME_RATES = [12, 15, 24, 30];
export const SEGMENT_SECONDS = [1, 2, 4, 6];
export const START_OFFSETS = [0, -1, -2, -3, -5, -10];

/** The spec's example: 640×480, 30 fps, 1 Mbps, 1 s segments, starting 2 s behind live. */
export const DEFAULT_SETTINGS = { size: '640x480', fps: 30, videoKbps: 1000, segmentSeconds: 1, startOffset: -2 };

export interface FormSettings {
  /** `<width>x<height>`, the value of a size option. */
  size: string;
  fps: number;
  videoKbps: number;
  segmentSeconds: number;
  startOffset: number;
}

export const sizeValue = (preset: SizePreset) => `${preset.width}x${preset.height}`;

export function sizeLabel(preset: SizePreset): string {
  return `${preset.width}×${preset.height}${preset.portrait ? ` (${t('create.portrait')})` : ''}`;
}

/** One CreateChannel `hls` entry. Audio is left to the service's default (96 kbps). */
export function hlsEntryOf(settings: FormSettings): HlsEntry {
  const [width, height] = settings.size.split('x').map(Number) as [number, number];
  return {
    durationSeconds: settings.segmentSeconds,
    startTimeOffset: settings.startOffset,
    video: { width, height, fps: settings.fps, bps: Math.round(settings.videoKbps * 1000) },
  };
}

export function describeHlsEntry(entry: HlsEntry): string {
  return t('settings.summary', {
    width: entry.video.width,
    height: entry.video.height,
    fps: entry.video.fps,
    kbps: formatNumber(Math.round(entry.video.bps / 1000)),
    segment: entry.durationSeconds,
    offset: entry.startTimeOffset,
  });
}
