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
  /**
   * Unique id of this event, the same across retries of its delivery: de-duplicate by it. The
   * emulator gives every event one; the service's archive documentation (2019) shows none on
   * `imageflux.archive_*`, where `data.dest_uri` + `data.file_path` names the file as well.
   */
  id: string;
  /** ISO 8601. */
  timestamp: string;
  channel_id: string;
}

/**
 * `connection.created` when a connection's media is up, `connection.updated` every minute of its
 * life, `connection.destroyed` when it ends (Sora's イベントウェブフック; the fields mirror the
 * `notify` of the same name).
 */
export interface ConnectionEventWebhook extends EventWebhookBase {
  type: 'connection.created' | 'connection.updated' | 'connection.destroyed';
  session_id: string;
  connection_id: string;
  client_id: string;
  bundle_id: string;
  role: SoraRole;
  /** Whether the connection sends (broadcaster) or receives (viewer) audio / video. */
  audio: boolean;
  video: boolean;
  /** Whole minutes since the connection was established (Sora's `minutes`): 0 in its first minute. */
  minutes: number;
  /** Connections of the channel, in all and by role, as this event is sent. */
  channel_connections: number;
  channel_sendrecv_connections: number;
  channel_sendonly_connections: number;
  channel_recvonly_connections: number;
  /**
   * `connection.destroyed` only, and only when the server ended the connection through its API
   * (Sora: "`reason`/`disconnect_api_reason` when kicked via API"): `DISCONNECTED-API` when
   * DeleteChannel ended it. Absent when the client left.
   */
  reason?: string;
  /** The auth webhook's `event_metadata` payout, when it gave one. */
  event_metadata?: unknown;
}

/**
 * One file of an archive is stored (ImageFlux's アーカイブのウェブフック通知): every segment, then the
 * rendition's playlist. `dest_uri` + `file_path` is the file's URI.
 */
export interface ArchiveCreatedEventWebhook extends EventWebhookBase {
  type: 'imageflux.archive_created';
  /** The broadcaster's connection: each broadcast is archived in a folder of its own. */
  connection_id?: string;
  data: {
    /**
     * The archive destination the file went to (保存先URI): its `bucket_uri`, ending with '/'
     * (`s3://bucket/recordings/`).
     */
    dest_uri: string;
    /** The file's path below `dest_uri` (指定されたバケットURI以下のファイルパス), e.g. `<channel_id>/<connection_id>/v0.m3u8`. */
    file_path: string;
    /** Bytes. */
    size: number;
    /** `ts` for a segment, `m3u8` for the playlist that plays them. */
    file_type: 'ts' | 'm3u8';
    /** Sent by the emulator; not in the service's documentation. */
    archive_destination_id?: string;
  };
}

/** A file of an archive could not be stored. */
export interface ArchiveFailedEventWebhook extends EventWebhookBase {
  type: 'imageflux.archive_failed';
  connection_id?: string;
  data: {
    /** As in `archive_created`; '' when the archive destination no longer exists. */
    dest_uri: string;
    /** The path below `dest_uri` the file was to have. */
    file_path: string;
    /** Why, in words (the emulator's; not in the service's documentation). */
    reason?: string;
    archive_destination_id?: string;
  };
}

export type EventWebhook = ConnectionEventWebhook | ArchiveCreatedEventWebhook | ArchiveFailedEventWebhook;
