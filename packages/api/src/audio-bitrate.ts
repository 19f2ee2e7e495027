/** Audio bitrates the service accepts, in bits per second (the spec's 利用可能な音声ビットレート table). */
export const AUDIO_BITRATES = [
  32000, 40000, 48000, 56000, 64000, 80000, 96000, 112000, 128000, 160000, 192000, 224000, 256000, 320000,
] as const;

export const DEFAULT_AUDIO_BITRATE = 96000;

/**
 * The audio bitrate the service will use for a requested one: the largest listed value not above
 * the request, 32000 for anything below 32000 (0, negative and fractional values included: the
 * spec normalizes every value, it refuses none), and 96000 when none is given.
 */
export function normalizeAudioBitrate(bps?: number): number {
  if (bps === undefined) return DEFAULT_AUDIO_BITRATE;
  let chosen: number = AUDIO_BITRATES[0];
  for (const value of AUDIO_BITRATES) {
    if (value <= bps) chosen = value;
  }
  return chosen;
}
