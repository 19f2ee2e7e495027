/**
 * Everything live on one channel: its connections (one broadcaster, any number of WebRTC
 * viewers), the broadcast (RTP relayed to the viewers and to ffmpeg), the HLS output, and the
 * notifies and event webhooks that follow the connections' lives.
 */
import type { JsonObject } from '@ifls/api';
import type { RtpPacket } from 'werift';
import type { ArchiveDestinationRecord, ChannelRecord, PushAudience } from '../media-seam.js';
import { newId } from '../store/ids.js';
import { ArchiveJob } from './archive-job.js';
import type { ChannelHls } from './channel-hls.js';
import type { EventWebhookQueue } from './event-webhook-queue.js';
import { HlsTranscoder } from './hls-transcoder.js';
import type { MediaKind, PublisherPeerListener } from './publisher-peer.js';
import { CloseCode, signalingClose, type SignalingClose } from './signaling-close.js';
import type { ChannelMember } from './channel-member.js';
import { connectionEventBody, connectionList, notifyMessage, type ChannelFacts } from './channel-messages.js';
import type { MemberChannel } from './member-channel.js';
import type { BroadcastSource } from './viewer-peer.js';

export interface ChannelSessionOptions {
  channel: ChannelRecord;
  hls: ChannelHls;
  /** undefined when no ffmpeg was found: WebRTC still works, HLS does not. */
  ffmpegPath: string | undefined;
  webhooks: EventWebhookQueue;
  findArchiveDestination(archiveDestinationId: string): ArchiveDestinationRecord | undefined;
  log(line: string): void;
  /** Period of `connection.updated`; default `IFLS_EMULATOR_CONNECTION_UPDATED_INTERVAL_MS`, else 60 s. */
  connectionUpdatedIntervalMs?: number;
}

/**
 * Sora sends `connection.updated` every minute of a connection's life. Tests shorten the period
 * with `IFLS_EMULATOR_CONNECTION_UPDATED_INTERVAL_MS` (read when a channel's session starts).
 */
const CONNECTION_UPDATED_INTERVAL_MS = 60_000;

function connectionUpdatedIntervalMs(): number {
  const configured = Number(process.env.IFLS_EMULATOR_CONNECTION_UPDATED_INTERVAL_MS);
  return Number.isFinite(configured) && configured >= 10 ? configured : CONNECTION_UPDATED_INTERVAL_MS;
}

interface Broadcast {
  connection: ChannelMember;
  source: BroadcastSource;
  transcoder: HlsTranscoder | undefined;
  listener: PublisherPeerListener;
  /** Where this broadcast starts in each rendition's playlist (its archive starts there). */
  firstSequences: number[];
  ended: Promise<void> | undefined;
}

export class ChannelSession implements MemberChannel {
  /** This session's id (`session_id` in the offer, notifies and webhooks). */
  readonly sessionId = newId();
  /** The channel's record, as CreateChannel stored it. */
  readonly channel: ChannelRecord;
  /** The channel's HLS output. */
  readonly hls: ChannelHls;
  private readonly options: ChannelSessionOptions;
  /** Connections that got their offer, by connection id. */
  private readonly membersById = new Map<string, ChannelMember>();
  private broadcasterSeat: ChannelMember | undefined;
  private broadcast: Broadcast | undefined;
  private readonly archiveJobs = new Set<Promise<void>>();
  /** Sora sends `connection.updated` to the event webhook every minute of a connection's life. */
  private updateTimer: NodeJS.Timeout | undefined;
  private readonly updateIntervalMs: number;
  private isDeleted = false;
  /** Set when the API ended the channel's connections: `connection.destroyed` gives it as `reason`. */
  private apiEndReason: string | undefined;

  constructor(options: ChannelSessionOptions) {
    this.options = options;
    this.updateIntervalMs = options.connectionUpdatedIntervalMs ?? connectionUpdatedIntervalMs();
    this.channel = options.channel;
    this.hls = options.hls;
  }

  /** Whether the channel was deleted or the emulator is closing: no new connection gets in. */
  get deleted(): boolean {
    return this.isDeleted;
  }

  /** Takes the one broadcaster's seat; false when another connection holds it or the channel is gone. */
  reserveBroadcaster(connection: ChannelMember): boolean {
    if (this.isDeleted || (this.broadcasterSeat && this.broadcasterSeat !== connection)) return false;
    this.broadcasterSeat = connection;
    return true;
  }

  /** The connection got its offer: the channel counts it from now on. */
  addMember(connection: ChannelMember): void {
    this.membersById.set(connection.connectionId, connection);
  }

  /** The connections that got their offer. */
  members(): ChannelMember[] {
    return [...this.membersById.values()];
  }

  /** The members whose media flows. */
  establishedMembers(): ChannelMember[] {
    return this.members().filter((member) => member.established);
  }

  /** The member with this connection id, if any. */
  findMember(connectionId: string): ChannelMember | undefined {
    return this.membersById.get(connectionId);
  }

  /** The broadcaster viewers should watch, once its answer has set the codecs. */
  broadcastSource(): BroadcastSource | undefined {
    return this.broadcast?.source;
  }

  /** Asks the broadcaster for a keyframe (a viewer joined, or lost one). */
  requestKeyframe(): void {
    this.broadcast?.connection.publisher?.requestKeyframe();
  }

  /** The peer connection is up: the newcomer and the others hear of it, and so does the event webhook. */
  memberEstablished(connection: ChannelMember): void {
    // Only the newcomer's own notify lists the channel's connections (as Sora's does): sent to
    // every member on every join, that list would grow with the square of the channel's size.
    const notify = this.notify('connection.created', connection);
    for (const member of this.establishedMembers()) {
      member.send(member === connection ? { ...notify, data: this.connectionList() } : notify);
    }
    this.sendEvent('connection.created', connection);
    if (connection.role === 'recvonly') this.requestKeyframe();
    if (this.channel.event_webhook_url !== '' && !this.updateTimer) {
      this.updateTimer = setInterval(() => {
        // A timer's error would end the process: keep it here.
        try {
          for (const member of this.establishedMembers()) this.sendEvent('connection.updated', member);
        } catch (error) {
          this.options.log(`channel ${this.channel.channel_id}: connection.updated failed: ${String(error)}`);
        }
      }, this.updateIntervalMs);
      this.updateTimer.unref();
    }
  }

  /** The broadcaster's answer is applied: relay its media and start ffmpeg. */
  async startBroadcast(connection: ChannelMember): Promise<void> {
    const publisher = connection.publisher!;
    const codecs = publisher.negotiatedCodecs();
    const label = `channel ${this.channel.channel_id}`;
    for (const kind of publisher.declinedKinds()) {
      // e.g. Firefox without OpenH264 asked for H.264: it answers with the video refused
      this.options.log(`${label}: the broadcaster sends no ${kind} (its answer declined it or has no ${kind} track)`);
    }
    const transcoder =
      this.options.ffmpegPath === undefined || codecs.length === 0
        ? undefined
        : new HlsTranscoder({
            hls: this.hls,
            codecs,
            ffmpegPath: this.options.ffmpegPath,
            label,
            log: this.options.log,
            requestKeyframe: () => publisher.requestKeyframe(),
            codecOfPayloadType: (kind, payloadType) => publisher.codecOfPayloadType(kind, payloadType),
          });
    if (this.options.ffmpegPath === undefined) this.options.log(`${label}: no ffmpeg found, no HLS (set FFMPEG_PATH)`);
    else if (codecs.length === 0) this.options.log(`${label}: the broadcaster sends neither audio nor video, no HLS`);
    const listener: PublisherPeerListener = {
      onRtp: (kind: MediaKind, packet: RtpPacket) => {
        transcoder?.sendRtp(kind, packet);
        for (const member of this.membersById.values()) member.viewer?.relay(kind, packet);
      },
      onSenderReport: (kind: MediaKind, report: Buffer) => transcoder?.sendRtcp(kind, report),
    };
    const broadcast: Broadcast = {
      connection,
      source: { connectionId: connection.connectionId, codecs },
      transcoder,
      listener,
      firstSequences: this.hls.playlists.map((playlist) => playlist.segments.length),
      ended: undefined,
    };
    this.broadcast = broadcast;
    publisher.addListener(listener);
    for (const member of this.membersById.values()) {
      if (member.viewer?.setSource(broadcast.source)) member.renegotiate();
    }
    await transcoder?.start();
  }

  /** The connection ended: the others hear of it, and a broadcast it fed ends. */
  async removeMember(connection: ChannelMember): Promise<void> {
    if (this.broadcasterSeat === connection) this.broadcasterSeat = undefined;
    if (this.membersById.get(connection.connectionId) !== connection) return;
    this.membersById.delete(connection.connectionId);
    if (connection.established) {
      const notify = this.notify('connection.destroyed', connection);
      for (const member of this.establishedMembers()) member.send(notify);
      this.sendEvent('connection.destroyed', connection, this.apiEndReason);
    }
    if (this.broadcast?.connection === connection) await this.endBroadcast();
  }

  /** Delivers a push; returns how many connections got it. */
  push(audience: PushAudience, data: JsonObject): number {
    let delivered = 0;
    for (const member of this.establishedMembers()) {
      const wanted =
        audience.to === 'channel' ||
        (audience.to === 'upstream' && member.role === 'sendonly') ||
        (audience.to === 'downstream' && member.role === 'recvonly') ||
        (audience.to === 'client' && member.clientId === audience.clientId);
      if (wanted && member.send({ type: 'push', data })) delivered += 1;
    }
    return delivered;
  }

  /** Ends every connection with `close` and the broadcast; the HLS output stays until `removeOutput`. */
  async end(close: SignalingClose): Promise<void> {
    this.isDeleted = true;
    clearInterval(this.updateTimer);
    for (const member of [...this.membersById.values()]) member.close(close);
    this.broadcasterSeat?.close(close);
    await this.endBroadcast();
    this.hls.end();
  }

  /** Deletes the HLS files once the archives that read them are uploaded. */
  async removeOutput(): Promise<void> {
    await Promise.allSettled([...this.archiveJobs]);
    this.hls.remove();
  }

  /** The channel was deleted. */
  async delete(): Promise<void> {
    const close = signalingClose(CloseCode.normal, 'DISCONNECTED-API');
    this.apiEndReason = close.reason;
    await this.end(close);
  }

  private async endBroadcast(): Promise<void> {
    const broadcast = this.broadcast;
    if (!broadcast) return;
    broadcast.ended ??= (async () => {
      broadcast.connection.publisher?.removeListener(broadcast.listener);
      await broadcast.transcoder?.stop();
      this.hls.end();
      if (this.broadcast === broadcast) this.broadcast = undefined;
      for (const member of this.membersById.values()) {
        if (member.viewer?.setSource(undefined)) member.renegotiate();
      }
      this.archive(broadcast);
    })();
    await broadcast.ended;
  }

  /** Uploads the renditions that have an archive destination, in the background. */
  private archive(broadcast: Broadcast): void {
    this.hls.variants.forEach((variant, index) => {
      if (!variant.archiveDestinationId) return;
      const job = new ArchiveJob({
        channelId: this.channel.channel_id,
        broadcastId: broadcast.connection.connectionId,
        variant,
        playlist: this.hls.playlists[index]!,
        fromSequence: broadcast.firstSequences[index]!,
        folder: this.hls.folder,
        destination: this.options.findArchiveDestination(variant.archiveDestinationId),
        archiveDestinationId: variant.archiveDestinationId,
        sendEvent: (body) =>
          this.options.webhooks.send(this.channel.event_webhook_url, body, { 'sora-event-webhook-type': String(body.type) }),
        log: this.options.log,
      });
      const running = job
        .run()
        .catch((error: unknown) => this.options.log(`archive of ${this.channel.channel_id}: ${String(error)}`))
        .finally(() => this.archiveJobs.delete(running));
      this.archiveJobs.add(running);
    });
  }

  /** The channel as its notifies and event webhooks describe it. */
  private facts(): ChannelFacts {
    return { channelId: this.channel.channel_id, sessionId: this.sessionId, established: this.establishedMembers() };
  }

  private notify(eventType: string, subject: ChannelMember): Record<string, unknown> {
    return notifyMessage(eventType, subject, this.facts());
  }

  /** The `data` of a newcomer's own `connection.created`: the channel's connections, itself included. */
  private connectionList(): Record<string, unknown>[] {
    return connectionList(this.establishedMembers());
  }

  /** A `connection.*` event webhook (see connectionEventBody). */
  private sendEvent(type: string, subject: ChannelMember, reason?: string): void {
    const url = this.channel.event_webhook_url;
    if (url === '') return;
    this.options.webhooks.send(url, connectionEventBody(type, subject, this.facts(), reason), {
      'sora-event-webhook-type': type,
      'sora-connection-id': subject.connectionId,
      'sora-session-id': this.sessionId,
    });
  }
}
