/**
 * The ffmpeg command line of one transcoder run: RTP in (described by an SDP file), one HLS
 * output per rendition. Why each argument is there: docs/emulator-media.md.
 *
 * Input side: a small probe (the RTP streams are fully described by the SDP; ffmpeg only needs
 * the first keyframe for the picture size), which is most of the time to the first playlist.
 * Whatever the broadcaster sends (H.264, VP8, VP9) is decoded and encoded again.
 * Output side: libx264 + AAC, keyframes forced on every segment boundary, MPEG-TS segments, a
 * short playlist per run (the server merges runs into the playlist it serves, see
 * variant-playlist.ts). Segments of archived renditions are kept for the upload. A broadcast
 * without video gives AAC-only segments; one without audio, H.264-only segments.
 */
import type { HlsVariant } from './hls-variant.js';

export interface FfmpegRunArguments {
  sdpFile: string;
  hasAudio: boolean;
  hasVideo: boolean;
  variants: HlsVariant[];
  /** Run number, part of every file name so that a restarted ffmpeg never overwrites a segment. */
  run: number;
  /**
   * Seconds without any input packet after which ffmpeg ends (its sdp demuxer's
   * `-listen_timeout`: Debian's ffmpeg 5.1 has it, the 2018 build of @ffmpeg-installer does not;
   * see ffmpeg-capabilities.ts). Left out, ffmpeg's own 10 s applies.
   */
  inputTimeoutSeconds?: number;
}

/** How long ffmpeg may look at the input before it starts (microseconds / bytes). */
const PROBE_MICROSECONDS = 500_000;
const PROBE_BYTES = 500_000;
/** Segments listed in each run's own playlist: enough for the server to never miss one. */
const RUN_PLAYLIST_SIZE = 10;

export function runPlaylistName(variant: HlsVariant, run: number): string {
  return `${variant.name}_r${run}.m3u8`;
}

export function ffmpegRunArguments(options: FfmpegRunArguments): string[] {
  const { variants, run } = options;
  // flag and value pairs stay on one line
  // prettier-ignore
  const args = [
    '-nostdin',
    '-hide_banner',
    '-loglevel', 'warning',
    '-protocol_whitelist', 'file,udp,rtp',
    '-analyzeduration', String(PROBE_MICROSECONDS),
    '-probesize', String(PROBE_BYTES),
    '-fflags', '+nobuffer',
    '-reorder_queue_size', '64',
    ...(options.inputTimeoutSeconds !== undefined ? ['-listen_timeout', String(options.inputTimeoutSeconds)] : []),
    '-i', options.sdpFile,
  ];

  const scaled = variants.map((variant) => `[v${variant.index}]`);
  if (options.hasVideo) args.push('-filter_complex', scaleGraph(variants, scaled));

  for (const variant of variants) {
    const flags = ['independent_segments', 'program_date_time', 'temp_file'];
    if (!variant.archiveDestinationId) flags.push('delete_segments');
    // prettier-ignore
    args.push(
      ...(options.hasVideo ? ['-map', scaled[variant.index]!] : []),
      ...(options.hasAudio ? ['-map', '0:a'] : []),
      ...(options.hasVideo ? videoEncoding(variant) : []),
      ...(options.hasAudio ? ['-c:a', 'aac', '-b:a', String(variant.audioBps), '-ar', '48000', '-ac', '2'] : []),
      '-f', 'hls',
      '-hls_time', String(variant.segmentSeconds),
      '-hls_list_size', String(RUN_PLAYLIST_SIZE),
      '-hls_flags', flags.join('+'),
      '-hls_segment_type', 'mpegts',
      '-hls_segment_filename', `${variant.name}_r${run}_%05d.ts`,
      runPlaylistName(variant, run),
    );
  }
  return args;
}

/** One input picture scaled (and padded) to each rendition's size and frame rate. */
function scaleGraph(variants: HlsVariant[], outputs: string[]): string {
  const split = variants.length > 1 ? `split=${variants.length}${variants.map((v) => `[in${v.index}]`).join('')};` : '';
  const chains = variants.map((variant) => {
    const input = variants.length > 1 ? `[in${variant.index}]` : '';
    const { width: w, height: h, fps } = variant;
    return `${input}scale=${w}:${h}:force_original_aspect_ratio=decrease,pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${fps}${outputs[variant.index]}`;
  });
  return variants.length > 1 ? `[0:v]${split}${chains.join(';')}` : `[0:v]${chains[0]}`;
}

/** x264 for one rendition: a keyframe at every segment boundary, so every segment starts with one. */
function videoEncoding(variant: HlsVariant): string[] {
  const gop = Math.max(1, Math.round(variant.fps));
  // prettier-ignore
  return [
    '-c:v', 'libx264',
    '-preset', 'veryfast',
    '-tune', 'zerolatency',
    '-profile:v', 'main',
    '-level:v', variant.level,
    '-pix_fmt', 'yuv420p',
    '-b:v', String(variant.videoBps),
    '-maxrate', String(variant.videoBps),
    '-bufsize', String(variant.videoBps * 2),
    '-g', String(gop),
    '-keyint_min', String(gop),
    '-sc_threshold', '0',
    '-force_key_frames', `expr:gte(t,n_forced*${variant.segmentSeconds})`,
  ];
}
