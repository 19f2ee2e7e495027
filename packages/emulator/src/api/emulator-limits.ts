/**
 * Limits the emulator sets on API requests to protect itself, beyond what the service documents.
 * The client (`@ifls/api`'s `validateRequest`) checks only what the spec says; a request past one
 * of these is valid for the service but refused here with `400 EMULATOR-LIMIT`, in the service's
 * error style, naming the field. The README's error table lists them.
 */
import { TARGETS, type CreateChannelRequest, type Target } from '@ifls/api';
import { ApiError } from './api-error.js';

/** Objects and arrays nested in a request body, the body being level 1 (the emulator's signaling messages have the same limit). */
export const MAX_BODY_DEPTH = 32;
/** `hls` entries of one channel: each one is an x264 encode on this machine. */
export const MAX_HLS_ENTRIES = 10;
/** `durationSeconds`: shorter segments make ffmpeg write more than 10 files a second per rendition. */
export const MIN_SEGMENT_SECONDS = 0.1;
export const MAX_SEGMENT_SECONDS = 3600;
/** `startTimeOffset`, either way: the live playlist keeps that much behind its edge. */
export const MAX_START_OFFSET_SECONDS = 3600;
/** Below one frame a second most segments would hold no picture; ffmpeg stalls on far smaller rates. */
export const MIN_FPS = 1;
/**
 * The emulator encodes H.264 Main and announces at most level 5.2 (ITU-T H.264 Table A-1):
 * a frame of at most 36864 macroblocks (4096×2304), at most √(8·36864) = 543 macroblocks (8688
 * pixels) a side (Annex A.3.1), at most 2073600 macroblocks a second, at most 240 Mbit/s.
 */
export const MAX_FRAME_MACROBLOCKS = 36_864;
export const MAX_SIDE_MACROBLOCKS = 543;
export const MAX_MACROBLOCKS_PER_SECOND = 2_073_600;
export const MAX_VIDEO_BPS = 240_000_000;
/** ffmpeg hands x264 the bitrate in whole kbit/s: below 1000 bit/s it would be 0. */
export const MIN_VIDEO_BPS = 1000;

/**
 * A stored channel or archive destination, as compact JSON. Real ones are far smaller (a channel
 * of 10 renditions and two long webhook URLs, a destination with a GCP service account key of
 * about 2.4 KB); the cap is what keeps a tenant's file, rewritten on each of its changes, bounded.
 */
export const MAX_RECORD_BYTES = 16 * 1024;
/** Channels of one access token: with the cap above, at most 16 MiB of file per tenant. */
export const MAX_CHANNELS_PER_TENANT = 1000;
/** Archive destinations of one access token. */
export const MAX_ARCHIVE_DESTINATIONS_PER_TENANT = 100;

export const EMULATOR_LIMIT = 'EMULATOR-LIMIT';

function limit(field: string, message: string): ApiError {
  return new ApiError(400, EMULATOR_LIMIT, `${field}: ${message} (an emulator limit; the service documents none)`, field);
}

/**
 * Throws EMULATOR-LIMIT for a record whose JSON is over MAX_RECORD_BYTES, naming its largest
 * field: the one to shorten.
 */
export function checkRecordSize(record: object): void {
  const bytes = Buffer.byteLength(JSON.stringify(record));
  if (bytes <= MAX_RECORD_BYTES) return;
  let largest = '';
  let largestBytes = -1;
  for (const [key, value] of Object.entries(record)) {
    const size = Buffer.byteLength(JSON.stringify(value) ?? '');
    if (size > largestBytes) [largest, largestBytes] = [key, size];
  }
  throw limit(largest, `the record would take ${bytes} bytes as JSON, over ${MAX_RECORD_BYTES}; this field takes ${largestBytes}`);
}

/** Throws EMULATOR-LIMIT when the tenant already has `count` records of a kind it may have at most `max` of. */
export function checkTenantRoom(count: number, max: number, kind: string): void {
  if (count < max) return;
  throw new ApiError(
    400,
    EMULATOR_LIMIT,
    `This access token already has ${count} ${kind}, the most it may have (an emulator limit; the service documents none). Delete some first.`,
  );
}

/**
 * Throws EMULATOR-LIMIT for a body nesting objects and arrays deeper than MAX_BODY_DEPTH, naming
 * the first value too deep. Iterative: no body can exhaust the stack here (JSON.parse does not
 * either), and nothing deeper reaches the code that would (structuredClone, JSON.stringify).
 */
export function checkBodyDepth(body: unknown): void {
  interface Node {
    value: unknown;
    depth: number;
    parent: Node | undefined;
    key: string | number | undefined;
  }
  const stack: Node[] = [{ value: body, depth: 1, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value !== 'object' || value === null) continue;
    if (node.depth > MAX_BODY_DEPTH) {
      throw limit(pathOf(node), `objects and arrays nest at most ${MAX_BODY_DEPTH} levels, the body being the first`);
    }
    const entries: Array<[string | number, unknown]> = Array.isArray(value)
      ? value.map((item, index) => [index, item])
      : Object.entries(value);
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index]!;
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: node.depth + 1, parent: node, key });
    }
  }

  function pathOf(node: Node): string {
    const keys: Array<string | number> = [];
    for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) keys.unshift(at.key);
    return keys.reduce<string>((path, key) => {
      if (typeof key === 'number') return `${path}[${key}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
      return `${path}[${JSON.stringify(key)}]`;
    }, '');
  }
}

/** Throws EMULATOR-LIMIT for a request `validateRequest` accepted but the emulator will not serve. */
export function checkEmulatorLimits(target: Target, body: unknown): void {
  if (target === TARGETS.createChannel) checkChannel(body as CreateChannelRequest);
}

function checkChannel(request: CreateChannelRequest): void {
  if (request.hls.length > MAX_HLS_ENTRIES) throw limit('hls', `at most ${MAX_HLS_ENTRIES} entries`);
  request.hls.forEach((entry, index) => {
    const at = `hls[${index}]`;
    if (entry.durationSeconds < MIN_SEGMENT_SECONDS || entry.durationSeconds > MAX_SEGMENT_SECONDS) {
      throw limit(`${at}.durationSeconds`, `from ${MIN_SEGMENT_SECONDS} to ${MAX_SEGMENT_SECONDS} seconds`);
    }
    if (Math.abs(entry.startTimeOffset) > MAX_START_OFFSET_SECONDS) {
      throw limit(`${at}.startTimeOffset`, `from -${MAX_START_OFFSET_SECONDS} to ${MAX_START_OFFSET_SECONDS} seconds`);
    }
    const { width, height, fps, bps } = entry.video;
    const h264 = 'H.264 Main level 5.2, the highest the emulator encodes (ITU-T H.264 Table A-1)';
    const wide = Math.ceil(width / 16);
    const high = Math.ceil(height / 16);
    if (wide > MAX_SIDE_MACROBLOCKS) throw limit(`${at}.video.width`, `at most ${MAX_SIDE_MACROBLOCKS * 16} pixels (${h264})`);
    if (high > MAX_SIDE_MACROBLOCKS) throw limit(`${at}.video.height`, `at most ${MAX_SIDE_MACROBLOCKS * 16} pixels (${h264})`);
    if (wide * high > MAX_FRAME_MACROBLOCKS) {
      throw limit(
        `${at}.video.width`,
        `a picture of at most ${MAX_FRAME_MACROBLOCKS} macroblocks of 16×16 pixels, e.g. 4096×2304 (${h264})`,
      );
    }
    if (fps < MIN_FPS) throw limit(`${at}.video.fps`, `at least ${MIN_FPS} frame a second`);
    if (wide * high * fps > MAX_MACROBLOCKS_PER_SECOND) {
      throw limit(`${at}.video.fps`, `at most ${MAX_MACROBLOCKS_PER_SECOND} macroblocks a second, e.g. 1920×1080 at 254 fps (${h264})`);
    }
    if (bps < MIN_VIDEO_BPS) throw limit(`${at}.video.bps`, `at least ${MIN_VIDEO_BPS} bits per second (x264 counts whole kbit/s)`);
    if (bps > MAX_VIDEO_BPS) throw limit(`${at}.video.bps`, `at most ${MAX_VIDEO_BPS} bits per second (${h264})`);
  });
}
