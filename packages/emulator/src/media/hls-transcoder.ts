/**
 * One broadcast's transcoding: the broadcaster's RTP goes to ffmpeg over loopback UDP, ffmpeg
 * writes the channel's renditions. If ffmpeg dies mid-stream it is started again and the
 * playlists go on after a discontinuity.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelHls } from './channel-hls.js';
import { ffmpegRunArguments } from './ffmpeg-arguments.js';
import { FfmpegProcess } from './ffmpeg-process.js';
import type { MediaKind, NegotiatedCodec } from './publisher-peer.js';
import { RtpUdpOutput } from './rtp-udp-output.js';

export interface HlsTranscoderOptions {
  hls: ChannelHls;
  codecs: NegotiatedCodec[];
  ffmpegPath: string;
  /** For log lines: which channel this is. */
  label: string;
  log(line: string): void;
  /** Asks the broadcaster for a keyframe (ffmpeg cannot decode until it gets one). */
  requestKeyframe(): void;
}

/** When to ask for keyframes after ffmpeg starts: Chrome's H.264 sends none unless asked. */
const KEYFRAME_REQUESTS_MS = [150, 400, 800, 1200, 1800, 2500, 3500, 5000];
/** A run that lived shorter than this counts toward giving up. */
const SHORT_RUN_MS = 5000;
const MAX_SHORT_RUNS = 3;
const RESTART_DELAY_MS = 300;

export class HlsTranscoder {
  readonly #options: HlsTranscoderOptions;
  #output: RtpUdpOutput | undefined;
  #ffmpeg: FfmpegProcess | undefined;
  #keyframeTimers: NodeJS.Timeout[] = [];
  #restartTimer: NodeJS.Timeout | undefined;
  #shortRuns = 0;
  #stopped = false;
  /** Resolves when the current run's exit has been handled. */
  #runEnded: Promise<void> = Promise.resolve();

  constructor(options: HlsTranscoderOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#output = await RtpUdpOutput.open(this.#options.codecs);
    if (this.#stopped) {
      this.#output.close();
      return;
    }
    this.#startRun();
  }

  sendRtp(kind: MediaKind, packet: Buffer): void {
    this.#output?.sendRtp(kind, packet);
  }

  sendRtcp(kind: MediaKind, packet: Buffer): void {
    this.#output?.sendRtcp(kind, packet);
  }

  /** Ends ffmpeg (it finalizes the last segment) and waits for it. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#restartTimer);
    this.#clearKeyframeTimers();
    await this.#ffmpeg?.stop();
    await this.#runEnded;
    this.#output?.close();
  }

  #startRun(): void {
    const { hls, log, label } = this.#options;
    const output = this.#output!;
    const run = hls.startRun();
    const sdpFile = `r${run}.sdp`;
    writeFileSync(join(hls.folder, sdpFile), output.sdp());
    const ffmpeg = new FfmpegProcess({
      ffmpegPath: this.#options.ffmpegPath,
      args: ffmpegRunArguments({ sdpFile, hasAudio: output.hasKind('audio'), variants: hls.variants, run }),
      cwd: hls.folder,
      label: `${label} ffmpeg run ${run}`,
      log,
    });
    this.#ffmpeg = ffmpeg;
    const startedAt = Date.now();
    this.#scheduleKeyframeRequests();
    this.#runEnded = ffmpeg.exited.then(({ code, signal }) => {
      this.#clearKeyframeTimers();
      hls.finishRun();
      if (ffmpeg.isStopping || this.#stopped) return;
      log(`${label}: ffmpeg run ${run} exited unexpectedly (code ${code}, signal ${signal}); last output:\n  ${ffmpeg.stderrTail().slice(-5).join('\n  ')}`);
      this.#shortRuns = Date.now() - startedAt < SHORT_RUN_MS ? this.#shortRuns + 1 : 0;
      if (this.#shortRuns >= MAX_SHORT_RUNS) {
        log(`${label}: ffmpeg failed ${MAX_SHORT_RUNS} times in a row, HLS stops for this broadcast`);
        return;
      }
      log(`${label}: restarting ffmpeg; the playlist continues after a discontinuity`);
      this.#restartTimer = setTimeout(() => {
        if (!this.#stopped) this.#startRun();
      }, RESTART_DELAY_MS);
    });
  }

  #scheduleKeyframeRequests(): void {
    this.#clearKeyframeTimers();
    this.#keyframeTimers = KEYFRAME_REQUESTS_MS.map((delay) => setTimeout(() => this.#options.requestKeyframe(), delay));
  }

  #clearKeyframeTimers(): void {
    for (const timer of this.#keyframeTimers) clearTimeout(timer);
    this.#keyframeTimers = [];
  }
}
