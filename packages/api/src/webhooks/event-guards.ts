/**
 * Runtime checks that an event webhook body is what its type declares. `createEventWebhookHandler`
 * does not apply them (an event type the service adds later must still reach you); call them in
 * your listener to narrow `unknown` input or to skip what you do not expect.
 */
import { isJsonObject } from '../json-object.js';
import type { ArchiveCreatedEventWebhook, ArchiveFailedEventWebhook, ConnectionEventWebhook, EventWebhook } from './types.js';

type Fields = Record<string, unknown>;

const isString = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
const isTimestamp = (value: unknown) => isString(value) && !Number.isNaN(Date.parse(value));

const CONNECTION_TYPES = new Set(['connection.created', 'connection.updated', 'connection.destroyed']);
const ROLES = new Set(['sendonly', 'recvonly', 'sendrecv']);

function hasBase(value: Fields): boolean {
  return isString(value.id) && value.id !== '' && isTimestamp(value.timestamp) && isString(value.channel_id);
}

export function isConnectionEventWebhook(value: unknown): value is ConnectionEventWebhook {
  return (
    isJsonObject(value) &&
    CONNECTION_TYPES.has(value.type as string) &&
    hasBase(value) &&
    isString(value.session_id) &&
    isString(value.connection_id) &&
    isString(value.client_id) &&
    isString(value.bundle_id) &&
    ROLES.has(value.role as string) &&
    typeof value.audio === 'boolean' &&
    typeof value.video === 'boolean' &&
    isCount(value.minutes) &&
    isCount(value.channel_connections) &&
    isCount(value.channel_sendrecv_connections) &&
    isCount(value.channel_sendonly_connections) &&
    isCount(value.channel_recvonly_connections) &&
    optional(value.reason, isString) &&
    (value.reason === undefined || value.type === 'connection.destroyed')
  );
}

export function isArchiveCreatedEventWebhook(value: unknown): value is ArchiveCreatedEventWebhook {
  if (!isJsonObject(value) || value.type !== 'imageflux.archive_created' || !hasBase(value)) return false;
  if (!optional(value.connection_id, isString) || !isJsonObject(value.data)) return false;
  const data = value.data;
  return (
    isString(data.dest_uri) &&
    isString(data.file_path) &&
    isCount(data.size) &&
    (data.file_type === 'ts' || data.file_type === 'm3u8') &&
    optional(data.archive_destination_id, isString)
  );
}

export function isArchiveFailedEventWebhook(value: unknown): value is ArchiveFailedEventWebhook {
  if (!isJsonObject(value) || value.type !== 'imageflux.archive_failed' || !hasBase(value)) return false;
  if (!optional(value.connection_id, isString) || !isJsonObject(value.data)) return false;
  const data = value.data;
  return (
    isString(data.dest_uri) &&
    isString(data.file_path) &&
    optional(data.reason, isString) &&
    optional(data.archive_destination_id, isString)
  );
}

/** True when `value` is one of the event webhooks this package types, with every field as declared. */
export function isEventWebhook(value: unknown): value is EventWebhook {
  return isConnectionEventWebhook(value) || isArchiveCreatedEventWebhook(value) || isArchiveFailedEventWebhook(value);
}
