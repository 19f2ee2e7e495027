/**
 * What the ffmpeg at hand understands, asked once per binary: an option it does not know makes
 * ffmpeg refuse to start ("Option listen_timeout not found."), so one is passed only when this
 * says it is there.
 */
import { execFile } from 'node:child_process';

export interface FfmpegCapabilities {
  /** The sdp demuxer's `-listen_timeout` (seconds without input before it gives up). */
  sdpListenTimeout: boolean;
}

const known = new Map<string, Promise<FfmpegCapabilities>>();

export function ffmpegCapabilities(ffmpegPath: string): Promise<FfmpegCapabilities> {
  let capabilities = known.get(ffmpegPath);
  if (!capabilities) {
    capabilities = new Promise((resolve) => {
      execFile(ffmpegPath, ['-hide_banner', '-h', 'demuxer=sdp'], { timeout: 10_000 }, (_error, stdout) => {
        // an ffmpeg that cannot even print its help gets no extra options: it fails on its own
        resolve({ sdpListenTimeout: /^\s*-listen_timeout\b/m.test(String(stdout ?? '')) });
      });
    });
    known.set(ffmpegPath, capabilities);
  }
  return capabilities;
}
