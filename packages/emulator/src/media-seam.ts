/**
 * The seam between the emulator's control plane (HTTP API, store) and its media plane
 * (signaling, WebRTC, ffmpeg, HLS, webhooks). The control plane owns the records; the media
 * plane reads them through the lookups it is given and never writes them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ChannelClientInfo, ConnectionInfo, GetStatsResponse, HlsEntry, JsonObject } from '@ifls/api';

/** A channel as the store keeps it: the CreateChannel request, validated and normalized. */
export interface ChannelRecord {
  channel_id: string;
  /** Opaque id of the access token that created it (never the token itself). */
  tenant: string;
  /** Every entry has `audio.bps` filled in with the normalized value. */
  hls: HlsEntry[];
  /** '' when none. */
  auth_webhook_url: string;
  /** '' when none. */
  event_webhook_url: string;
  /** ISO 8601. */
  created_at: string;
}

/** An archive destination as the store keeps it. Credentials stay inside the emulator. */
export interface ArchiveDestinationRecord {
  archive_destination_id: string;
  tenant: string;
  bucket_uri: string;
  aws_region?: string;
  aws_access_key_id?: string;
  aws_secret_access_key?: string;
  gcp_credential_json?: string;
  created_at: string;
}

/** Who receives a push. */
export type PushAudience = { to: 'channel' } | { to: 'upstream' } | { to: 'downstream' } | { to: 'client'; clientId: string };

export interface MediaPlaneOptions {
  /** Base URL the emulator is reachable at, e.g. `http://127.0.0.1:5080` (no trailing slash). */
  publicUrl: string;
  /** A folder the media plane may write into (HLS output, archives in progress). */
  workDir: string;
  /** ffmpeg to run; when absent the media plane finds one (FFMPEG_PATH, PATH, @ffmpeg-installer/ffmpeg). */
  ffmpegPath?: string;
  /** Lets webhooks go to link-local and cloud metadata addresses (webhook-address-policy.ts). */
  allowInternalWebhooks?: boolean;
  /** Signs every webhook (`x-ifls-signature`); by default `IFLS_EMULATOR_WEBHOOK_SECRET`, else unsigned. */
  webhookSecret?: string;
  findChannel(channelId: string): ChannelRecord | undefined;
  findArchiveDestination(archiveDestinationId: string): ArchiveDestinationRecord | undefined;
  log(line: string): void;
}

/** What the control plane asks of the media plane. */
export interface MediaPlaneSeam {
  /** Takes a WebSocket upgrade for `/signaling`; returns false for any other path. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Serves `GET /hls/...`; returns false for any other path. */
  handleHttp(request: IncomingMessage, response: ServerResponse): boolean;
  /** `sora_url` of every channel. */
  soraUrl(): string;
  /** `playlist_url` of a channel. */
  playlistUrl(channel: ChannelRecord): string;
  /** Kicks every connection (1000), stops the transcoder, ends the playlist; then the playlist answers 404. */
  deleteChannel(channelId: string): Promise<void>;
  listConnections(channelId: string): ConnectionInfo[];
  listChannelClients(channelId: string): ChannelClientInfo[];
  /** Delivers `{type: "push", data}`; returns how many connections got it. */
  push(channelId: string, audience: PushAudience, data: JsonObject): number;
  /** Live figures of one connection; undefined when it does not exist. */
  getStats(channelId: string, connectionId: string): Promise<GetStatsResponse | undefined>;
  /** Ends every connection and every ffmpeg, and waits for them. */
  close(): Promise<void>;
}
