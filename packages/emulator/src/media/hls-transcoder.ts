/**
 * One broadcast's transcoding: the broadcaster's RTP goes to ffmpeg over loopback UDP, ffmpeg
 * writes the channel's renditions. If ffmpeg dies mid-stream it is started again and the
 * playlists go on after a discontinuity. It is also started again when what arrives differs from
 * what its SDP says (another codec, a kind that never sends: see ingest-media.ts), rather than
 * left decoding VP8 as H.264 or waiting for video that never comes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RtpPacket } from 'werift';
import type { ChannelHls } from './channel-hls.js';
import { ffmpegRunArguments } from './ffmpeg-arguments.js';
import { ffmpegCapabilities } from './ffmpeg-capabilities.js';
import { FfmpegProcess } from './ffmpeg-process.js';
import { IngestMedia } from './ingest-media.js';
import type { MediaKind, NegotiatedCodec } from './publisher-peer.js';
import { RtpUdpOutput } from './rtp-udp-output.js';
import { vp9PacketForFfmpeg } from './vp9-rtp-for-ffmpeg.js';

export interface HlsTranscoderOptions {
  hls: ChannelHls;
  /** One per kind the answer accepted, as it settled them. */
  codecs: NegotiatedCodec[];
  ffmpegPath: string;
  /** For log lines: which channel this is. */
  label: string;
  log(line: string): void;
  /** Asks the broadcaster for a keyframe (ffmpeg cannot decode until it gets one). */
  requestKeyframe(): void;
  /** The negotiated codec of a payload type the broadcaster sends, if the answer accepted it. */
  codecOfPayloadType(kind: MediaKind, payloadType: number): NegotiatedCodec | undefined;
}

/**
 * When to ask for keyframes after ffmpeg starts: Chrome's H.264 sends none unless asked, and the
 * keyframe VP8 and VP9 start with is usually gone before ffmpeg listens.
 */
const KEYFRAME_REQUESTS_MS = [150, 400, 800, 1200, 1800, 2500, 3500, 5000];
/** How long after the first packet a negotiated kind may stay silent before ffmpeg goes on without it. */
const SILENT_KIND_MS = 2000;
/** A run that lived shorter than this counts toward giving up. */
const SHORT_RUN_MS = 5000;
const MAX_SHORT_RUNS = 3;
const RESTART_DELAY_MS = 300;
/**
 * Seconds without input (media or RtpUdpOutput's keepalive, four times a second) after which
 * ffmpeg's input gives up. An ffmpeg whose emulator was killed ends about four of these later
 * (measured: ffmpeg 5.1 waits out the timeout more than once before it exits, ~4.1 s in all).
 * Shorter would let an event loop stalled for a moment end a healthy ffmpeg.
 */
export const FFMPEG_INPUT_TIMEOUT_SECONDS = 1;

export class HlsTranscoder {
  private readonly options: HlsTranscoderOptions;
  private output: RtpUdpOutput | undefined;
  private ffmpeg: FfmpegProcess | undefined;
  private keyframeTimers: NodeJS.Timeout[] = [];
  private readonly media: IngestMedia;
  private restartTimer: NodeJS.Timeout | undefined;
  private silentKindTimer: NodeJS.Timeout | undefined;
  /** Set while ffmpeg is started again for other input: packets wait for the new run. */
  private replacing: Promise<void> | undefined;
  private shortRuns = 0;
  private stopped = false;
  /** Resolves when the current run's exit has been handled. */
  private runEnded: Promise<void> = Promise.resolve();
  /** Set by `start` when this ffmpeg can end on its own once input stops. */
  private inputTimeoutSeconds: number | undefined;

  constructor(options: HlsTranscoderOptions) {
    this.options = options;
    this.media = new IngestMedia(options.codecs, options.codecOfPayloadType);
  }

  /** Opens the RTP ports and starts ffmpeg's first run. */
  async start(): Promise<void> {
    const capabilities = await ffmpegCapabilities(this.options.ffmpegPath);
    if (capabilities.sdpListenTimeout) this.inputTimeoutSeconds = FFMPEG_INPUT_TIMEOUT_SECONDS;
    this.output = await RtpUdpOutput.open(this.media.negotiatedKinds);
    if (this.stopped) {
      this.output.close();
      return;
    }
    this.startRun();
  }

  /** Hands one of the broadcaster's RTP packets to ffmpeg. */
  sendRtp(kind: MediaKind, packet: RtpPacket): void {
    const output = this.output;
    if (!output || this.stopped) return;
    if (this.silentKindTimer === undefined) {
      // counted from the first packet: ICE and DTLS may take a while, media then flows at once
      this.silentKindTimer = setTimeout(() => {
        this.guard('leaving out a silent kind', () => {
          const reason = this.media.leaveOutSilentKinds();
          if (reason) this.replaceRun(reason);
        });
      }, SILENT_KIND_MS);
    }
    const verdict = this.media.observe(kind, packet.header.payloadType);
    if (verdict.action === 'restart') this.replaceRun(verdict.reason);
    if (verdict.action !== 'forward' || this.replacing) return;
    const bytes = packet.serialize();
    const forFfmpeg = verdict.codec.name.toUpperCase() === 'VP9' ? vp9PacketForFfmpeg(bytes) : bytes;
    if (forFfmpeg) output.sendRtp(kind, forFfmpeg);
  }

  /** Hands one of the broadcaster's RTCP sender reports to ffmpeg (its clock for A/V sync). */
  sendRtcp(kind: MediaKind, packet: Buffer): void {
    this.output?.sendRtcp(kind, packet);
  }

  /** Ends ffmpeg (it finalizes the last segment) and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.silentKindTimer);
    this.clearKeyframeTimers();
    await this.replacing;
    await this.ffmpeg?.stop();
    await this.runEnded;
    this.output?.close();
  }

  private startRun(): void {
    const { hls, log, label } = this.options;
    const output = this.output!;
    const codecs = this.media.inputCodecs();
    const media = { audio: codecs.some((codec) => codec.kind === 'audio'), video: codecs.some((codec) => codec.kind === 'video') };
    const run = hls.startRun(media);
    const sdpFile = `r${run}.sdp`;
    writeFileSync(join(hls.folder, sdpFile), output.sdp(codecs));
    const ffmpeg = new FfmpegProcess({
      ffmpegPath: this.options.ffmpegPath,
      args: ffmpegRunArguments({
        sdpFile,
        hasAudio: media.audio,
        hasVideo: media.video,
        variants: hls.variants,
        run,
        inputTimeoutSeconds: this.inputTimeoutSeconds,
      }),
      cwd: hls.folder,
      label: `${label} ffmpeg run ${run}`,
      log,
    });
    this.ffmpeg = ffmpeg;
    const startedAt = Date.now();
    if (media.video) this.scheduleKeyframeRequests();
    this.runEnded = ffmpeg.exited
      .then(({ code, signal }) => {
        this.clearKeyframeTimers();
        hls.finishRun();
        if (ffmpeg.isStopping || this.stopped) return;
        log(
          `${label}: ffmpeg run ${run} exited unexpectedly (code ${code}, signal ${signal}); last output:\n  ${ffmpeg.stderrTail().slice(-5).join('\n  ')}`,
        );
        this.shortRuns = Date.now() - startedAt < SHORT_RUN_MS ? this.shortRuns + 1 : 0;
        if (this.shortRuns >= MAX_SHORT_RUNS) {
          log(`${label}: ffmpeg failed ${MAX_SHORT_RUNS} times in a row, HLS stops for this broadcast`);
          return;
        }
        log(`${label}: restarting ffmpeg; the playlist continues after a discontinuity`);
        this.restartTimer = setTimeout(() => {
          this.guard('restarting ffmpeg', () => {
            if (!this.stopped) this.startRun();
          });
        }, RESTART_DELAY_MS);
      })
      .catch((error: unknown) => log(`${label}: handling the end of ffmpeg run ${run} failed: ${String(error)}`));
  }

  /**
   * Stops the current run and starts one that reads what the broadcaster really sends; the
   * playlist goes on after a discontinuity (or simply starts, if the run had written nothing).
   * A second call while one is under way is covered by it: the new run reads the latest state.
   */
  private replaceRun(reason: string): void {
    const { log, label } = this.options;
    log(`${label}: ${reason}; restarting ffmpeg`);
    if (this.replacing) return;
    this.replacing = (async () => {
      clearTimeout(this.restartTimer);
      this.clearKeyframeTimers();
      await this.ffmpeg?.stop();
      await this.runEnded;
      if (!this.stopped) this.startRun();
    })()
      .catch((error: unknown) => log(`${label}: restarting ffmpeg failed: ${String(error)}`))
      .finally(() => {
        this.replacing = undefined;
      });
  }

  private scheduleKeyframeRequests(): void {
    this.clearKeyframeTimers();
    this.keyframeTimers = KEYFRAME_REQUESTS_MS.map((delay) =>
      setTimeout(() => this.guard('asking for a keyframe', () => this.options.requestKeyframe()), delay),
    );
  }

  /** Timers' callbacks: an error is logged, never left to end the process. */
  private guard(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      this.options.log(`${this.options.label}: ${what} failed: ${String(error)}`);
    }
  }

  private clearKeyframeTimers(): void {
    for (const timer of this.keyframeTimers) clearTimeout(timer);
    this.keyframeTimers = [];
  }
}
