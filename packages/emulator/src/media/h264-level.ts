/**
 * The H.264 level a rendition needs (ITU-T H.264 Table A-1, Main profile bit rates), so x264 is
 * told the level the master playlist's CODECS attribute announces.
 */
interface LevelLimit {
  level: string;
  /** `level_idc` as in the avc1 codec string. */
  idc: number;
  maxMacroblocksPerSecond: number;
  maxFrameMacroblocks: number;
  maxBitrate: number;
}

const levels: LevelLimit[] = [
  { level: '3', idc: 30, maxMacroblocksPerSecond: 40_500, maxFrameMacroblocks: 1_620, maxBitrate: 10_000_000 },
  { level: '3.1', idc: 31, maxMacroblocksPerSecond: 108_000, maxFrameMacroblocks: 3_600, maxBitrate: 14_000_000 },
  { level: '3.2', idc: 32, maxMacroblocksPerSecond: 216_000, maxFrameMacroblocks: 5_120, maxBitrate: 20_000_000 },
  { level: '4', idc: 40, maxMacroblocksPerSecond: 245_760, maxFrameMacroblocks: 8_192, maxBitrate: 20_000_000 },
  { level: '4.1', idc: 41, maxMacroblocksPerSecond: 245_760, maxFrameMacroblocks: 8_192, maxBitrate: 50_000_000 },
  { level: '4.2', idc: 42, maxMacroblocksPerSecond: 522_240, maxFrameMacroblocks: 8_704, maxBitrate: 50_000_000 },
  { level: '5', idc: 50, maxMacroblocksPerSecond: 589_824, maxFrameMacroblocks: 22_080, maxBitrate: 135_000_000 },
  { level: '5.1', idc: 51, maxMacroblocksPerSecond: 983_040, maxFrameMacroblocks: 36_864, maxBitrate: 240_000_000 },
  { level: '5.2', idc: 52, maxMacroblocksPerSecond: 2_073_600, maxFrameMacroblocks: 36_864, maxBitrate: 240_000_000 },
];

export function h264Level(width: number, height: number, fps: number, bps: number): LevelLimit {
  const frameMacroblocks = Math.ceil(width / 16) * Math.ceil(height / 16);
  const found = levels.find(
    (limit) =>
      frameMacroblocks <= limit.maxFrameMacroblocks && frameMacroblocks * fps <= limit.maxMacroblocksPerSecond && bps <= limit.maxBitrate,
  );
  return found ?? levels[levels.length - 1]!;
}

/** `avc1.4D40xx`: Main profile (0x4D), constraint_set1 (0x40), the level. */
export function mainProfileCodecString(limit: LevelLimit): string {
  return `avc1.4D40${limit.idc.toString(16).toUpperCase().padStart(2, '0')}`;
}
