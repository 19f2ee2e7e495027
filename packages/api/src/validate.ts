/**
 * Checks a request body against what the service accepts, before anything is sent.
 * The client and the emulator both use it, so a request the client lets through is one the
 * emulator takes, and the error names the same field in both.
 */
import { ImageFluxValidationError } from './errors/validation-error.js';
import { TARGETS, type Target } from './types.js';

export interface ValidateOptions {
  /** Accept `file://` bucket URIs (an emulator-only extension for local development). */
  allowFileBucketUri?: boolean;
}

type Fields = Record<string, unknown>;

const missing = (field: string) => new ImageFluxValidationError(field, 'missing', `${field} is required`);
const invalid = (field: string, expected: string) =>
  new ImageFluxValidationError(field, 'invalid', `${field} must be ${expected}`);

function object(value: unknown, field: string): Fields {
  if (value === undefined) throw missing(field);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'a JSON object');
  return value as Fields;
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

const positiveInteger = (n: number) => Number.isInteger(n) && n > 0;

function hlsEntry(value: unknown, at: string): void {
  const entry = object(value, at);
  number(entry, 'durationSeconds', `${at}.durationSeconds`, (n) => n > 0, 'a number of seconds above 0');
  number(entry, 'startTimeOffset', `${at}.startTimeOffset`, (n) => n <= 0, 'zero or a negative number of seconds');

  const video = object(entry.video, `${at}.video`);
  const dimension = (n: number) => Number.isInteger(n) && n >= 36 && n <= 4096;
  number(video, 'width', `${at}.video.width`, dimension, 'a whole number of pixels from 36 to 4096');
  number(video, 'height', `${at}.video.height`, dimension, 'a whole number of pixels from 36 to 4096');
  number(video, 'fps', `${at}.video.fps`, (n) => n > 0 && n <= 120, 'a frame rate above 0 and at most 120');
  number(video, 'bps', `${at}.video.bps`, positiveInteger, 'a whole number of bits per second above 0');

  if (entry.audio !== undefined) {
    const audio = object(entry.audio, `${at}.audio`);
    if (audio.bps !== undefined) {
      number(audio, 'bps', `${at}.audio.bps`, positiveInteger, 'a whole number of bits per second above 0');
    }
  }
  if (entry.archive !== undefined) {
    const archive = object(entry.archive, `${at}.archive`);
    requiredString(archive, 'archive_destination_id', `${at}.archive.archive_destination_id`);
  }
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
  const schemes = options.allowFileBucketUri ? ['s3', 'gs', 'file'] : ['s3', 'gs'];
  const match = /^([a-z0-9]+):\/\/(.*)$/.exec(uri);
  const scheme = match?.[1] ?? '';
  const rest = match?.[2] ?? '';
  const expected = `a ${schemes.map((s) => `${s}://`).join(' or ')} URI with a bucket name`;
  if (!schemes.includes(scheme)) throw invalid('bucket_uri', expected);
  if (scheme === 'file' ? !rest.startsWith('/') : !/^[a-z0-9][a-z0-9._-]*(\/|$)/.test(rest)) {
    throw invalid('bucket_uri', expected);
  }
  for (const key of ['aws_region', 'aws_access_key_id', 'aws_secret_access_key']) optionalString(body, key);
  const credential = body.gcp_credential_json;
  if (credential !== undefined && typeof credential !== 'string') {
    throw invalid('gcp_credential_json', 'the credential JSON as a string, not an object');
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
