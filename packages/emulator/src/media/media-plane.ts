/**
 * The emulator's media plane: Sora-compatible signaling on `/signaling`, WebRTC through werift,
 * HLS made by ffmpeg and served on `/hls/`, push, statistics and webhooks. The control plane
 * owns the channel records and reaches all of this through `MediaPlaneSeam`.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ChannelClientInfo, ConnectionInfo, GetStatsResponse, JsonObject } from '@ifls/api';
import type { ChannelRecord, MediaPlaneOptions, MediaPlaneSeam, PushAudience } from '../media-seam.js';
import { newId } from '../store/ids.js';
import { ChannelHls, PLAYLIST_FILE } from './channel-hls.js';
import { ChannelSession } from './channel-session.js';
import { ConnectionSeats } from './connection-seats.js';
import { EventWebhookQueue } from './event-webhook-queue.js';
import { ffmpegCapabilities } from './ffmpeg-capabilities.js';
import { findFfmpeg } from './find-ffmpeg.js';
import { parseHlsPath, serveHls } from './hls-http.js';
import { CloseCode, signalingClose } from './signaling-close.js';
import type { ChannelMember } from './channel-member.js';
import { SignalingConnection } from './signaling-connection.js';
import type { SignalingHost } from './signaling-host.js';
import { connectionLimitsFrom, MAX_FRAME_BYTES } from './signaling-limits.js';
import { WebhookAddressPolicy } from './webhook-address-policy.js';
import { SIGNATURE_HEADER, WebhookSender } from './webhook-sender.js';

/** Where the CLI (and any embedder that gives no `webhookSecret`) takes the webhook secret from: not argv, which `ps` shows. */
export const WEBHOOK_SECRET_VARIABLE = 'IFLS_EMULATOR_WEBHOOK_SECRET';

/**
 * How long a deleted channel's playlist still answers (with `#EXT-X-ENDLIST`) before it answers
 * 404: long enough for players polling it to learn the stream ended.
 */
const DELETED_PLAYLIST_GRACE_MS = 5000;

export class MediaPlane implements MediaPlaneSeam {
  private readonly options: MediaPlaneOptions;
  private readonly ffmpegPath: string | undefined;
  /** Over MAX_FRAME_BYTES ws closes the socket itself (1009) without reading more; signaling-limits.ts has the finer limits. */
  private readonly webSockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly connections = new Set<SignalingConnection>();
  private readonly seats: ConnectionSeats<ChannelMember>;
  private readonly sessions = new Map<string, ChannelSession>();
  private readonly removals = new Map<string, { timer: NodeJS.Timeout; session: ChannelSession }>();
  private readonly webhooks: EventWebhookQueue;
  private readonly host: SignalingHost;
  private closed = false;

  constructor(options: MediaPlaneOptions) {
    this.options = options;
    this.ffmpegPath = findFfmpeg(options.ffmpegPath);
    if (!this.ffmpegPath) options.log('media: no ffmpeg found (FFMPEG_PATH, PATH, @ffmpeg-installer/ffmpeg): HLS is off');
    // asked now, so that the first broadcast does not wait for it
    else void ffmpegCapabilities(this.ffmpegPath);
    const webhookSender = new WebhookSender({
      policy: new WebhookAddressPolicy({ allowInternal: options.allowInternalWebhooks }),
      secret: options.webhookSecret ?? process.env[WEBHOOK_SECRET_VARIABLE],
    });
    if (webhookSender.signs) options.log(`media: webhooks are signed (${SIGNATURE_HEADER})`);
    if (webhookSender.policy.allowInternal)
      options.log('media: webhooks may go to link-local and cloud metadata addresses (--allow-internal-webhooks)');
    this.webhooks = new EventWebhookQueue({ log: options.log, sender: webhookSender });
    const limits = connectionLimitsFrom(process.env, options.log);
    this.seats = new ConnectionSeats(limits);
    this.host = {
      findChannel: (channelId) => (this.sessions.get(channelId)?.deleted ? undefined : options.findChannel(channelId)),
      sessionFor: (channel) => this.sessionFor(channel),
      newConnectionId: () => newId(),
      takeSeat: (connection, channel) => this.seats.take(connection, channel),
      releaseSeat: (connection) => this.seats.release(connection),
      limits,
      webhookSender,
      log: options.log,
    };
  }

  /** Takes a WebSocket upgrade on `/signaling`; false when the path is not the media plane's. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/signaling') return false;
    if (this.closed) {
      socket.destroy();
      return true;
    }
    this.webSockets.handleUpgrade(request, socket, head, (webSocket) => {
      try {
        const connection = new SignalingConnection(webSocket, this.host);
        this.connections.add(connection);
        webSocket.once('close', () => this.connections.delete(connection));
      } catch (error) {
        this.options.log(`signaling: could not take a connection: ${(error as Error).stack ?? String(error)}`);
        webSocket.terminate();
      }
    });
    return true;
  }

  /** Serves `/hls/…`; false when the path is not the media plane's. */
  handleHttp(request: IncomingMessage, response: ServerResponse): boolean {
    const path = parseHlsPath(request.url ?? '/');
    if (path.kind === 'not-hls') return false;
    if (path.kind === 'refused') {
      response.writeHead(400, { 'access-control-allow-origin': '*', 'content-type': 'text/plain; charset=utf-8' });
      response.end('bad HLS path\n');
      return true;
    }
    const session = this.sessions.get(path.channelId);
    serveHls(request, response, path, session?.hls);
    return true;
  }

  /** The signaling URL given in CreateChannel's answer (`sora_url`). */
  soraUrl(): string {
    return `${this.options.publicUrl.replace(/^http/, 'ws')}/signaling`;
  }

  /** The channel's master playlist URL given in CreateChannel's answer (`playlist_url`). */
  playlistUrl(channel: ChannelRecord): string {
    return `${this.options.publicUrl}/hls/${encodeURIComponent(channel.channel_id)}/${PLAYLIST_FILE}`;
  }

  /** Ends the channel's connections and broadcast; its playlist answers with an ENDLIST for a short grace. */
  async deleteChannel(channelId: string): Promise<void> {
    const session = this.sessions.get(channelId);
    if (!session || session.deleted) return;
    await session.delete();
    const timer = setTimeout(
      () =>
        this.removeSession(channelId).catch((error: unknown) =>
          this.options.log(`channel ${channelId}: removing its output failed: ${String(error)}`),
        ),
      DELETED_PLAYLIST_GRACE_MS,
    );
    timer.unref();
    this.removals.set(channelId, { timer, session });
  }

  /** The channel's established connections (ListConnections). */
  listConnections(channelId: string): ConnectionInfo[] {
    return this.liveMembers(channelId).map((member) => ({
      channel_id: channelId,
      client_id: member.clientId,
      connection_id: member.connectionId,
      role: member.role,
      multistream: true,
      simulcast: false,
      spotlight: false,
      created_timestamp: member.establishedAt!.toISOString(),
    }));
  }

  /** The channel's established connections grouped by client (ListChannelClients). */
  listChannelClients(channelId: string): ChannelClientInfo[] {
    const clients = new Map<string, ChannelClientInfo>();
    for (const member of this.liveMembers(channelId)) {
      const client = clients.get(member.clientId) ?? { client_id: member.clientId, connection_ids: [], roles: [] };
      client.connection_ids.push(member.connectionId);
      if (!client.roles.includes(member.role)) client.roles.push(member.role);
      clients.set(member.clientId, client);
    }
    return [...clients.values()];
  }

  /** Sends a push to the audience; returns how many connections got it. */
  push(channelId: string, audience: PushAudience, data: JsonObject): number {
    const session = this.sessions.get(channelId);
    return session && !session.deleted ? session.push(audience, data) : 0;
  }

  /** A connection's traffic figures (GetStats); undefined when there is no such connection. */
  async getStats(channelId: string, connectionId: string): Promise<GetStatsResponse | undefined> {
    const member = this.liveMembers(channelId).find((candidate) => candidate.connectionId === connectionId);
    if (!member || !member.traffic) return undefined;
    const traffic = await member.traffic.current();
    return {
      channel_id: channelId,
      connection_id: member.connectionId,
      client_id: member.clientId,
      role: member.role,
      duration_seconds: Math.round((Date.now() - member.establishedAt!.getTime()) / 1000),
      total_received_bytes: traffic.receivedBytes,
      total_sent_bytes: traffic.sentBytes,
      total_received_packets: traffic.receivedPackets,
      total_sent_packets: traffic.sentPackets,
      received_bitrate: traffic.receivedBitrate,
      sent_bitrate: traffic.sentBitrate,
    };
  }

  /** Closes every connection and ffmpeg, then the WebSocket server and the webhook queue. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const shutdown = signalingClose(CloseCode.goingAway, 'SHUTDOWN');
    for (const connection of this.connections) connection.close(shutdown);
    // One channel's failure must not keep the others' ffmpeg running.
    const settle = async (what: string, work: Promise<void>[]) => {
      for (const result of await Promise.allSettled(work)) {
        if (result.status === 'rejected') this.options.log(`media: ${what} failed on close: ${String(result.reason)}`);
      }
    };
    await settle(
      'ending a channel',
      [...this.sessions.values()].map((session) => session.end(shutdown)),
    );
    await settle(
      'removing a channel',
      [...this.sessions.keys()].map((channelId) => this.removeSession(channelId)),
    );
    for (const client of this.webSockets.clients) client.terminate();
    this.webSockets.close();
    await this.webhooks.close();
  }

  private sessionFor(channel: ChannelRecord): ChannelSession {
    let session = this.sessions.get(channel.channel_id);
    if (!session) {
      session = new ChannelSession({
        channel,
        hls: new ChannelHls(channel, join(this.options.workDir, 'hls', folderName(channel.channel_id))),
        ffmpegPath: this.ffmpegPath,
        webhooks: this.webhooks,
        findArchiveDestination: (id) => this.options.findArchiveDestination(id),
        log: this.options.log,
      });
      this.sessions.set(channel.channel_id, session);
    }
    return session;
  }

  private liveMembers(channelId: string) {
    const session = this.sessions.get(channelId);
    return session && !session.deleted ? session.establishedMembers() : [];
  }

  private async removeSession(channelId: string): Promise<void> {
    const removal = this.removals.get(channelId);
    if (removal) clearTimeout(removal.timer);
    this.removals.delete(channelId);
    const session = this.sessions.get(channelId);
    if (!session) return;
    this.sessions.delete(channelId);
    await session.removeOutput();
  }
}

/** Channel ids become folder names: keep safe ones readable, hash anything else. */
function folderName(channelId: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(channelId) ? channelId : createHash('sha256').update(channelId).digest('hex').slice(0, 32);
}
