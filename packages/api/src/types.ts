/**
 * Request and response types of every target of the ImageFlux Live Streaming API
 * (docs/imageflux-api.md) and the Sora targets it keeps.
 */

/** One HLS rendition of a channel. Several entries make a multivariant (adaptive) playlist. */
export interface HlsEntry {
  /** Segment length in seconds. Shorter means lower latency and more requests. */
  durationSeconds: number;
  /**
   * `EXT-X-START:TIME-OFFSET` written into the playlist, in seconds: negative counts back from the
   * live edge (-2 starts 2 s behind it), positive from the start of the playlist (RFC 8216 4.3.5.2).
   */
  startTimeOffset: number;
  video: HlsVideo;
  /** Audio settings; `bps` defaults to 96000 and is snapped to the service's table. */
  audio?: HlsAudio;
  /** Record this rendition into an archive destination when the broadcast ends. */
  archive?: HlsArchive;
}

export interface HlsVideo {
  width: number;
  height: number;
  fps: number;
  /** Maximum video bitrate in bits per second. */
  bps: number;
}

export interface HlsAudio {
  /** Audio bitrate in bits per second; any number, snapped to the service's table (see `normalizeAudioBitrate`). */
  bps?: number;
}

export interface HlsArchive {
  archive_destination_id: string;
}

/** `ImageFlux_20180905.CreateChannel` request. */
export interface CreateChannelRequest {
  hls: HlsEntry[];
  /** Auth webhook called for every `connect`; an empty string allows every connection. */
  auth_webhook_url?: string;
  /** Event webhook; an empty string sends none. */
  event_webhook_url?: string;
}

/** `ImageFlux_20180905.CreateChannel` response: hand `sora_url`/`channel_id` to the broadcaster, `playlist_url` to viewers. */
export interface CreateChannelResponse {
  channel_id: string;
  sora_url: string;
  playlist_url: string;
}

/** `ImageFlux_20180501.DeleteChannel` request. */
export interface DeleteChannelRequest {
  channel_id: string;
}

/** `ImageFlux_20180501.DeleteChannel` response (the emulator echoes the id; the service may answer `{}`). */
export interface DeleteChannelResponse {
  channel_id?: string;
}

/** `ImageFlux_20180601.Stats` request. The service documents this target as not implemented. */
export type StatsRequest = Record<string, unknown>;
export type StatsResponse = Record<string, unknown>;

/** `ImageFlux_20190205.CreateArchiveDestination` request. */
export interface CreateArchiveDestinationRequest {
  /** `s3://bucket/path/` or `gs://bucket/path` (the grammar: `parseBucketUri`). */
  bucket_uri: string;
  aws_region?: string;
  aws_access_key_id?: string;
  aws_secret_access_key?: string;
  /** The GCP credential JSON (an object) as a string, not an object; text that is not JSON is refused. */
  gcp_credential_json?: string;
}

export interface CreateArchiveDestinationResponse {
  archive_destination_id: string;
}

export interface DeleteArchiveDestinationRequest {
  archive_destination_id: string;
}

export interface DeleteArchiveDestinationResponse {
  archive_destination_id?: string;
}

export type ListArchiveDestinationRequest = Record<string, never>;

export interface ArchiveDestinationSummary {
  archive_destination_id: string;
  bucket_uri: string;
}

export interface ListArchiveDestinationResponse {
  archive_destinations: ArchiveDestinationSummary[];
}

/** A connection's role in Sora terms: the broadcaster is `sendonly`, a WebRTC viewer `recvonly`. */
export type SoraRole = 'sendonly' | 'recvonly' | 'sendrecv';

/** `Sora_20151104.ListConnections` request. */
export interface ListConnectionsRequest {
  channel_id: string;
}

/** One live connection, in the legacy Sora shape plus creation time. */
export interface ConnectionInfo {
  channel_id: string;
  client_id: string;
  connection_id: string;
  role: SoraRole;
  multistream: boolean;
  simulcast: boolean;
  spotlight: boolean;
  /** ISO 8601 time the connection was established. */
  created_timestamp?: string;
}

export type ListConnectionsResponse = ConnectionInfo[];

/** `Sora_20170814.ListChannelClients` request. */
export interface ListChannelClientsRequest {
  channel_id: string;
}

export interface ChannelClientInfo {
  client_id: string;
  connection_ids: string[];
  roles: SoraRole[];
}

export type ListChannelClientsResponse = ChannelClientInfo[];

/** Any JSON object, as carried by push messages. */
export type JsonObject = { [key: string]: unknown };

/** `Sora_20160711.PushChannel`, `PushUpstream`, `PushDownStream` request. */
export interface PushChannelRequest {
  channel_id: string;
  data: JsonObject;
}

/** `Sora_20160711.PushClient` request. */
export interface PushClientRequest {
  channel_id: string;
  client_id: string;
  data: JsonObject;
}

/** Answer of the push targets: Sora echoes what it delivered. */
export interface PushResponse {
  type: 'push';
  data: JsonObject;
}

/** `Sora_20170529.GetStats` request: one connection's statistics. */
export interface GetStatsRequest {
  channel_id: string;
  connection_id: string;
}

/** Statistics of one connection, from its peer connection. */
export interface GetStatsResponse {
  channel_id: string;
  connection_id: string;
  client_id: string;
  role: SoraRole;
  /** Seconds since the connection was established. */
  duration_seconds: number;
  total_received_bytes: number;
  total_sent_bytes: number;
  total_received_packets: number;
  total_sent_packets: number;
  /** Bits per second over the last few seconds. */
  received_bitrate: number;
  sent_bitrate: number;
  /** Any further figures the server reports. */
  [key: string]: unknown;
}

/** The error body every 4xx answer of the emulator carries (Sora's style). */
export interface ApiErrorBody {
  error_type: string;
  message: string;
  /** The request field that was wrong, where one was. */
  field?: string;
}

/** Every target this client knows, with its request and response types. */
export interface TargetMap {
  'ImageFlux_20180905.CreateChannel': [CreateChannelRequest, CreateChannelResponse];
  'ImageFlux_20180501.DeleteChannel': [DeleteChannelRequest, DeleteChannelResponse];
  'ImageFlux_20180601.Stats': [StatsRequest, StatsResponse];
  'ImageFlux_20190205.CreateArchiveDestination': [CreateArchiveDestinationRequest, CreateArchiveDestinationResponse];
  'ImageFlux_20190205.DeleteArchiveDestination': [DeleteArchiveDestinationRequest, DeleteArchiveDestinationResponse];
  'ImageFlux_20190205.ListArchiveDestination': [ListArchiveDestinationRequest, ListArchiveDestinationResponse];
  'Sora_20151104.ListConnections': [ListConnectionsRequest, ListConnectionsResponse];
  'Sora_20170814.ListChannelClients': [ListChannelClientsRequest, ListChannelClientsResponse];
  'Sora_20160711.PushChannel': [PushChannelRequest, PushResponse];
  'Sora_20160711.PushClient': [PushClientRequest, PushResponse];
  'Sora_20160711.PushUpstream': [PushChannelRequest, PushResponse];
  'Sora_20160711.PushDownStream': [PushChannelRequest, PushResponse];
  'Sora_20170529.GetStats': [GetStatsRequest, GetStatsResponse];
}

export type Target = keyof TargetMap;
export type RequestOf<T extends Target> = TargetMap[T][0];
export type ResponseOf<T extends Target> = TargetMap[T][1];

/** The `X-Sora-Target` of each client method. */
export const TARGETS = {
  createChannel: 'ImageFlux_20180905.CreateChannel',
  deleteChannel: 'ImageFlux_20180501.DeleteChannel',
  stats: 'ImageFlux_20180601.Stats',
  createArchiveDestination: 'ImageFlux_20190205.CreateArchiveDestination',
  deleteArchiveDestination: 'ImageFlux_20190205.DeleteArchiveDestination',
  listArchiveDestination: 'ImageFlux_20190205.ListArchiveDestination',
  listConnections: 'Sora_20151104.ListConnections',
  listChannelClients: 'Sora_20170814.ListChannelClients',
  pushChannel: 'Sora_20160711.PushChannel',
  pushClient: 'Sora_20160711.PushClient',
  pushUpstream: 'Sora_20160711.PushUpstream',
  pushDownStream: 'Sora_20160711.PushDownStream',
  getStats: 'Sora_20170529.GetStats',
} as const satisfies Record<string, Target>;
