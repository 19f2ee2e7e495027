/**
 * Checks a request body against what the service accepts, before anything is sent.
 * The client and the emulator both use it, so a request the client lets through is one the
 * emulator takes, and the error names the same field in both.
 */
import { bucketUriExpectation, parseBucketUri } from './bucket-uri.js';
import { ImageFluxValidationError } from './errors/validation-error.js';
import { isJsonObject } from './json-object.js';
import { TARGETS, type Target } from './types.js';

export interface ValidateOptions {
  /** Accept `file://` bucket URIs (an emulator-only extension for local development). */
  allowFileBucketUri?: boolean;
}

type Fields = Record<string, unknown>;

const missing = (field: string) => new ImageFluxValidationError(field, 'missing', `${field} is required`);
const invalid = (field: string, expected: string) => new ImageFluxValidationError(field, 'invalid', `${field} must be ${expected}`);

function object(value: unknown, field: string): Fields {
  if (value === undefined) throw missing(field);
  if (!isJsonObject(value)) throw invalid(field, 'a JSON object');
  return value;
}

function requiredString(fields: Fields, key: string, at = key): string {
  const value = fields[key];
  if (value === undefined || value === null) throw missing(at);
  if (typeof value !== 'string') throw invalid(at, 'a string');
  if (value.trim() === '') throw invalid(at, 'a non-empty string');
  return value;
}

function optionalString(fields: Fields, key: string, at = key): string | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(at, 'a string');
  return value;
}

function number(fields: Fields, key: string, at: string, check: (n: number) => boolean, expected: string): void {
  const value = fields[key];
  if (value === undefined || value === null) throw missing(at);
  if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) throw invalid(at, expected);
}

function webhookUrl(fields: Fields, key: string): void {
  const value = optionalString(fields, key);
  if (!value) return; // '' is meaningful: allow everyone (auth) or send nothing (events)
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(key, 'an http(s) URL or an empty string');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid(key, 'an http(s) URL or an empty string');
}

/**
 * Only what the spec says, and what a value means. The spec gives no ranges: a size, a frame rate,
 * a bitrate or a segment length must be above 0 to mean anything, and a size counts whole pixels.
 * Audio `bps` is never refused for its value: the spec normalizes it (利用可能な音声ビットレート: below
 * 32000 becomes 32000, anything else the largest offered value not above it). `startTimeOffset` is
 * written into `EXT-X-START:TIME-OFFSET`, a signed number (RFC 8216 4.3.5.2: positive counts from
 * the start of the playlist, negative from its end), so any finite number is taken.
 */
const above0 = (n: number) => n > 0;
const wholeAbove0 = (n: number) => Number.isInteger(n) && n > 0;

function hlsEntry(value: unknown, at: string): void {
  const entry = object(value, at);
  number(entry, 'durationSeconds', `${at}.durationSeconds`, above0, 'a number of seconds above 0');
  number(entry, 'startTimeOffset', `${at}.startTimeOffset`, () => true, 'a number of seconds');

  const video = object(entry.video, `${at}.video`);
  number(video, 'width', `${at}.video.width`, wholeAbove0, 'a whole number of pixels above 0');
  number(video, 'height', `${at}.video.height`, wholeAbove0, 'a whole number of pixels above 0');
  number(video, 'fps', `${at}.video.fps`, above0, 'a frame rate above 0');
  number(video, 'bps', `${at}.video.bps`, above0, 'a number of bits per second above 0');

  if (entry.audio !== undefined) {
    const audio = object(entry.audio, `${at}.audio`);
    if (audio.bps !== undefined) audioBitrate(audio, `${at}.audio.bps`);
  }
  if (entry.archive !== undefined) {
    const archive = object(entry.archive, `${at}.archive`);
    requiredString(archive, 'archive_destination_id', `${at}.archive.archive_destination_id`);
  }
}

/** Any number (an infinite one is above or below every offered bitrate); only NaN and non-numbers are refused. */
function audioBitrate(audio: Fields, at: string): void {
  const value = audio.bps;
  if (value === null) throw missing(at);
  if (typeof value !== 'number' || Number.isNaN(value)) throw invalid(at, 'a number of bits per second');
}

function createChannel(body: Fields): void {
  const hls = body.hls;
  if (hls === undefined) throw missing('hls');
  if (!Array.isArray(hls)) throw invalid('hls', 'an array of HLS settings');
  if (hls.length === 0) throw invalid('hls', 'an array with at least one entry');
  hls.forEach((entry, index) => hlsEntry(entry, `hls[${index}]`));
  webhookUrl(body, 'auth_webhook_url');
  webhookUrl(body, 'event_webhook_url');
}

function createArchiveDestination(body: Fields, options: ValidateOptions): void {
  const uri = requiredString(body, 'bucket_uri');
  const grammar = { allowFile: options.allowFileBucketUri ?? false };
  if (parseBucketUri(uri, grammar) === undefined) throw invalid('bucket_uri', bucketUriExpectation(grammar));
  for (const key of ['aws_region', 'aws_access_key_id', 'aws_secret_access_key']) optionalString(body, key);
  const credential = body.gcp_credential_json;
  if (credential === undefined) return;
  // The spec: "GCPのクレデンシャルJSONを文字列で指定します。オブジェクトではなく、文字列として指定する必要があります。"
  const expected = 'the credential JSON (an object) as a string, not an object';
  if (typeof credential !== 'string') throw invalid('gcp_credential_json', expected);
  // The message never quotes the value: it is a secret.
  if (!isJsonObjectText(credential)) throw invalid('gcp_credential_json', expected);
}

function isJsonObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value);
  } catch {
    return false;
  }
}

function push(body: Fields): void {
  requiredString(body, 'channel_id');
  object(body.data, 'data');
}

const validators: Record<Target, (body: Fields, options: ValidateOptions) => void> = {
  [TARGETS.createChannel]: createChannel,
  [TARGETS.deleteChannel]: (body) => void requiredString(body, 'channel_id'),
  [TARGETS.stats]: () => {},
  [TARGETS.createArchiveDestination]: createArchiveDestination,
  [TARGETS.deleteArchiveDestination]: (body) => void requiredString(body, 'archive_destination_id'),
  [TARGETS.listArchiveDestination]: () => {},
  [TARGETS.listConnections]: (body) => void requiredString(body, 'channel_id'),
  [TARGETS.listChannelClients]: (body) => void requiredString(body, 'channel_id'),
  [TARGETS.pushChannel]: push,
  [TARGETS.pushClient]: (body) => {
    push(body);
    requiredString(body, 'client_id');
  },
  [TARGETS.pushUpstream]: push,
  [TARGETS.pushDownStream]: push,
  [TARGETS.getStats]: (body) => {
    requiredString(body, 'channel_id');
    requiredString(body, 'connection_id');
  },
};

/** True for the targets this package knows (and validates). */
export function isKnownTarget(target: string): target is Target {
  return Object.hasOwn(validators, target);
}

/**
 * Throws `ImageFluxValidationError` naming the first wrong field of `body` for `target`.
 * Fields the service may add later are let through.
 */
export function validateRequest(target: Target, body: unknown, options: ValidateOptions = {}): void {
  validators[target](object(body, 'body'), options);
}
