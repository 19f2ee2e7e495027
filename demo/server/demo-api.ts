/**
 * What the demo's API does, apart from HTTP (the routes are in demo-app.ts): it calls ImageFlux
 * for the pages, which never see the access token, and acts only on the channels of this session.
 * Shapes are in ../shared/demo-api-types.ts.
 */
import { ImageFluxApiError, normalizeAudioBitrate, type CreateChannelRequest, type HlsEntry } from '@ifls/api';
import type { ChannelList, ConnectionList, DemoChannel, DemoSession, PushedMessage, PushResult } from '../shared/demo-api-types.js';
import type { ChannelBook } from './channel-book.js';
import { DemoHttpError } from './demo-http-error.js';
import type { ImageFluxBackend } from './imageflux-backend.js';

/** Each rendition is one more encoder; the pages offer one, a hand-made request gets a few. */
const MAX_RENDITIONS = 3;
/** A chat-sized message: pushes go through signaling, which is not meant for bulk data. */
const MAX_MESSAGE_LENGTH = 280;

export interface DemoApiOptions {
  backend: ImageFluxBackend;
  book: ChannelBook;
  log(line: string): void;
}

export class DemoApi {
  readonly #backend: ImageFluxBackend;
  readonly #book: ChannelBook;
  readonly #log: (line: string) => void;

  constructor(options: DemoApiOptions) {
    this.#backend = options.backend;
    this.#book = options.book;
    this.#log = options.log;
  }

  session(): DemoSession {
    return { backend: this.#backend.kind };
  }

  list(): ChannelList {
    return { channels: this.#book.list() };
  }

  /** A channel of this session; any other id is a 404, whether or not the account has it. */
  channel(channelId: string): DemoChannel {
    const channel = this.#book.find(channelId);
    if (channel === undefined) {
      throw new DemoHttpError(404, 'channel-not-found', `Channel ${channelId} was not created in this demo session.`);
    }
    return channel;
  }

  /** CreateChannel; `eventWebhookUrl`: where the service posts the channel's connection events. */
  async createChannel(body: unknown, eventWebhookUrl?: string): Promise<DemoChannel> {
    const hls = hlsOf(body);
    const request: CreateChannelRequest = { hls, ...(eventWebhookUrl === undefined ? {} : { event_webhook_url: eventWebhookUrl }) };
    const answer = await this.#backend.client.createChannel(request);
    // Keep the audio bitrate the service uses (the client snaps it to the service's table), so the
    // pages show the real figure.
    const used = hls.map((entry) => ({ ...entry, audio: { bps: normalizeAudioBitrate(entry.audio?.bps) } }));
    const channel = this.#book.add(answer, used);
    this.#log(`Created channel ${channel.channel_id} (${describeHls(hls)})`);
    return channel;
  }

  async deleteChannel(channel: DemoChannel): Promise<DemoChannel> {
    if (channel.deleted_at !== undefined) return channel;
    try {
      await this.#backend.client.deleteChannel(channel.channel_id);
    } catch (error) {
      // The service no longer knows it (deleted elsewhere): what the user asked for is true already.
      if (!(error instanceof ImageFluxApiError && error.status === 404)) throw error;
    }
    this.#log(`Deleted channel ${channel.channel_id}`);
    return this.#book.markDeleted(channel.channel_id) as DemoChannel;
  }

  async listConnections(channel: DemoChannel): Promise<ConnectionList> {
    refuseDeleted(channel);
    return { connections: await this.#backend.client.listConnections(channel.channel_id) };
  }

  async push(channel: DemoChannel, body: unknown): Promise<PushResult> {
    refuseDeleted(channel);
    const pushed: PushedMessage = { kind: 'demo-message', message: messageOf(body), sent_at: new Date().toISOString() };
    // PushChannel reaches every signaling connection: the broadcaster's <ifls-publisher>.
    await this.#backend.client.pushChannel(channel.channel_id, { ...pushed });
    // HLS viewers have no signaling connection, so the demo relays the same message to them.
    this.#book.emit(channel.channel_id, { type: 'push', data: pushed });
    this.#log(`Pushed a message to channel ${channel.channel_id}`);
    return { pushed };
  }
}

function refuseDeleted(channel: DemoChannel): void {
  if (channel.deleted_at !== undefined) {
    throw new DemoHttpError(409, 'channel-deleted', `Channel ${channel.channel_id} was deleted.`);
  }
}

/**
 * The `hls` settings of a create request, keeping only the fields the demo offers (no archive; no
 * webhook URL of the visitor's choosing). Wrong values are left for the API client's validation, which names the field.
 */
function hlsOf(body: unknown): HlsEntry[] {
  const hls = isObject(body) ? body.hls : undefined;
  if (!Array.isArray(hls) || hls.length === 0)
    throw new DemoHttpError(400, 'invalid-request', 'hls must be a list of HLS settings.', 'hls');
  if (hls.length > MAX_RENDITIONS)
    throw new DemoHttpError(400, 'invalid-request', `hls has at most ${MAX_RENDITIONS} entries here.`, 'hls');
  return hls.map((entry: unknown) => {
    if (!isObject(entry) || !isObject(entry.video)) return entry as HlsEntry;
    const { width, height, fps, bps } = entry.video;
    return {
      durationSeconds: entry.durationSeconds,
      startTimeOffset: entry.startTimeOffset,
      video: { width, height, fps, bps },
      ...(isObject(entry.audio) ? { audio: { bps: entry.audio.bps } } : {}),
    } as HlsEntry;
  });
}

function messageOf(body: unknown): string {
  const message = isObject(body) && typeof body.message === 'string' ? body.message.trim() : '';
  if (message === '') throw new DemoHttpError(400, 'invalid-request', 'message must be some text.', 'message');
  if (message.length > MAX_MESSAGE_LENGTH) {
    throw new DemoHttpError(400, 'invalid-request', `message must be at most ${MAX_MESSAGE_LENGTH} characters.`, 'message');
  }
  return message;
}

function describeHls(hls: HlsEntry[]): string {
  return hls.map((entry) => `${entry.video.width}x${entry.video.height}@${entry.video.fps} ${entry.video.bps} bps`).join(', ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
