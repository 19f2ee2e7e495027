import { normalizeAudioBitrate, type HlsEntry } from '@ifls/api';

/**
 * An `hls` entry as the store keeps it: only the fields the service defines, copied out of the
 * request, with the audio bitrate the service would use. `validateRequest` lets unknown fields
 * through (the service ignores them); kept, they would let one tenant grow the store at will.
 */
export function storedHlsEntry(entry: HlsEntry): HlsEntry {
  const { width, height, fps, bps } = entry.video;
  const stored: HlsEntry = {
    durationSeconds: entry.durationSeconds,
    startTimeOffset: entry.startTimeOffset,
    video: { width, height, fps, bps },
    audio: { bps: normalizeAudioBitrate(entry.audio?.bps) },
  };
  if (entry.archive !== undefined) stored.archive = { archive_destination_id: entry.archive.archive_destination_id };
  return stored;
}
