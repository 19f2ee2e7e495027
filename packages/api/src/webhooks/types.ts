/**
 * Webhook types. The service (and the emulator) POST these as JSON to the `auth_webhook_url` and
 * `event_webhook_url` given to CreateChannel; see Sora's 認証ウェブフック / イベントウェブフック.
 */
import type { JsonObject, SoraRole } from '../types.js';

/** What the auth webhook receives for every `connect`, before the connection is offered. */
export interface AuthWebhookRequest {
  channel_id: string;
  connection_id: string;
  client_id: string;
  role: SoraRole;
  /** The `metadata` the client passed to `connect` (e.g. a viewer's or broadcaster's session token). */
  metadata?: unknown;
  audio?: boolean | JsonObject;
  video?: boolean | JsonObject;
  sora_client?: string;
  environment?: string;
  /** The caller's address as the server saw it. */
  x_forwarded_for?: string;
  [key: string]: unknown;
}

/** Allow the connection. Optional fields are applied to it as Sora does ("payouts"). */
export interface AuthWebhookAllow {
  allowed: true;
  client_id?: string;
  /** Handed to the client in the offer (`authMetadata` in sora-js-sdk). */
  metadata?: unknown;
  /** Copied into the event webhooks of this connection. */
  event_metadata?: unknown;
  [key: string]: unknown;
}

/** Refuse the connection; `reason` reaches the client in its connect error. */
export interface AuthWebhookDeny {
  allowed: false;
  reason: string;
}

export type AuthWebhookResponse = AuthWebhookAllow | AuthWebhookDeny;

interface EventWebhookBase {
  /** Unique id of this delivery; the same across retries. */
  id: string;
  /** ISO 8601. */
  timestamp: string;
  channel_id: string;
}

export interface ConnectionEventWebhook extends EventWebhookBase {
  type: 'connection.created' | 'connection.updated' | 'connection.destroyed';
  connection_id: string;
  client_id: string;
  role: SoraRole;
  /** Seconds since the connection was established (updated, destroyed). */
  minutes?: number;
  /** Why the connection ended (destroyed), e.g. `DISCONNECTED-API`, `TYPE-DISCONNECT`, `WEBSOCKET-ONCLOSE`. */
  reason?: string;
  event_metadata?: unknown;
}

export interface ArchiveCreatedEventWebhook extends EventWebhookBase {
  type: 'imageflux.archive_created';
  connection_id?: string;
  data: {
    /** Where it was written, e.g. `s3://bucket/prefix/`. */
    dest_uri: string;
    /** The object's path below `dest_uri`. */
    file_path: string;
    /** Bytes. */
    size: number;
    file_type: 'ts' | 'm3u8' | 'mp4';
  };
}

export interface ArchiveFailedEventWebhook extends EventWebhookBase {
  type: 'imageflux.archive_failed';
  connection_id?: string;
  data: {
    dest_uri: string;
    reason: string;
  };
}

export type EventWebhook = ConnectionEventWebhook | ArchiveCreatedEventWebhook | ArchiveFailedEventWebhook;
