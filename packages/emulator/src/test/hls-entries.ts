/** The HLS settings the emulator's tests create channels with. */

/** What the media suites transcode: 640×480 at 30 fps, with sound. */
export const defaultHlsEntry = {
  durationSeconds: 1,
  startTimeOffset: -2,
  video: { width: 640, height: 480, fps: 30, bps: 1_000_000 },
  audio: { bps: 64_000 },
};

/** A cheaper rendition, for suites that run whole emulator processes and care little about pictures. */
export const lightHlsEntry = {
  durationSeconds: 1,
  startTimeOffset: -2,
  video: { width: 320, height: 240, fps: 15, bps: 300_000 },
  audio: { bps: 64_000 },
};
