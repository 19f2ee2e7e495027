/**
 * The demo backend's JSON API (`/api/...`), what the pages call instead of ImageFlux: the pages
 * never see the access token. Shapes are in ../shared/demo-api-types.ts.
 *
 *   GET    /api/session                     which service the demo talks to
 *   GET    /api/channels                    channels created in this session
 *   POST   /api/channels                    CreateChannel with the chosen `hls` settings
 *   GET    /api/channels/:id                one of them
 *   DELETE /api/channels/:id                DeleteChannel
 *   GET    /api/channels/:id/connections    ListConnections
 *   POST   /api/channels/:id/push           PushChannel, relayed to the event streams too
 *   GET    /api/channels/:id/events         server-sent events: `push`, `deleted`
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ImageFluxApiError,
  ImageFluxNetworkError,
  ImageFluxTimeoutError,
  ImageFluxValidationError,
  normalizeAudioBitrate,
  type HlsEntry,
} from '@ifls/api';
import type {
  ChannelList,
  ConnectionList,
  DemoChannel,
  DemoSession,
  PushedMessage,
  PushResult,
} from '../shared/demo-api-types.js';
import type { ChannelBook } from './channel-book.js';
import { openEventStream } from './event-stream.js';
import { DemoHttpError, readJsonBody, sendJson } from './http-io.js';
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

  /** Answers a request under `/api/`; returns false for any other path. */
  async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<boolean> {
    if (path !== '/api' && !path.startsWith('/api/')) return false;
    try {
      await this.#route(request, response, path);
    } catch (error) {
      const failure = this.#toHttpError(error);
      if (response.headersSent) response.destroy();
      else sendJson(response, failure.status, failure.toBody());
    }
    return true;
  }

  async #route(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const method = request.method ?? 'GET';
    if (path === '/api/session') {
      allow(method, 'GET');
      const session: DemoSession = { backend: this.#backend.kind };
      return sendJson(response, 200, session);
    }
    if (path === '/api/channels') {
      allow(method, 'GET', 'POST');
      if (method === 'POST') return sendJson(response, 201, await this.#createChannel(await readJsonBody(request)));
      const list: ChannelList = { channels: this.#book.list() };
      return sendJson(response, 200, list);
    }

    const match = /^\/api\/channels\/([^/]+)(?:\/(connections|push|events))?$/.exec(path);
    if (match === null) throw new DemoHttpError(404, 'not-found', `Nothing at ${method} ${path}.`);
    const channel = this.#channelOf(decodeSegment(match[1] as string));
    switch (match[2]) {
      case undefined:
        allow(method, 'GET', 'DELETE');
        return sendJson(response, 200, method === 'DELETE' ? await this.#deleteChannel(channel) : channel);
      case 'connections':
        allow(method, 'GET');
        return sendJson(response, 200, await this.#listConnections(channel));
      case 'push':
        allow(method, 'POST');
        return sendJson(response, 200, await this.#push(channel, await readJsonBody(request)));
      default:
        allow(method, 'GET');
        return this.#streamEvents(request, response, channel);
    }
  }

  async #createChannel(body: unknown): Promise<DemoChannel> {
    const hls = hlsOf(body);
    const answer = await this.#backend.client.createChannel({ hls });
    // Keep the audio bitrate the service uses (the client snaps it to the service's table), so the
    // pages show the real figure.
    const used = hls.map((entry) => ({ ...entry, audio: { bps: normalizeAudioBitrate(entry.audio?.bps) } }));
    const channel = this.#book.add(answer, used);
    this.#log(`Created channel ${channel.channel_id} (${describeHls(hls)})`);
    return channel;
  }

  async #deleteChannel(channel: DemoChannel): Promise<DemoChannel> {
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

  async #listConnections(channel: DemoChannel): Promise<ConnectionList> {
    refuseDeleted(channel);
    return { connections: await this.#backend.client.listConnections(channel.channel_id) };
  }

  async #push(channel: DemoChannel, body: unknown): Promise<PushResult> {
    refuseDeleted(channel);
    const pushed: PushedMessage = { kind: 'demo-message', message: messageOf(body), sent_at: new Date().toISOString() };
    // PushChannel reaches every signaling connection: the broadcaster's <ifls-publisher>.
    await this.#backend.client.pushChannel(channel.channel_id, { ...pushed });
    // HLS viewers have no signaling connection, so the demo relays the same message to them.
    this.#book.emit(channel.channel_id, { type: 'push', data: pushed });
    this.#log(`Pushed a message to channel ${channel.channel_id}`);
    return { pushed };
  }

  #streamEvents(request: IncomingMessage, response: ServerResponse, channel: DemoChannel): void {
    let unsubscribe = () => {};
    const stream = openEventStream(request, response, () => unsubscribe());
    if (channel.deleted_at !== undefined) {
      stream.send('deleted', channel);
      stream.end();
      return;
    }
    unsubscribe = this.#book.subscribe(channel.channel_id, (event) => {
      stream.send(event.type, event.data);
      if (event.type === 'deleted') stream.end();
    });
  }

  #channelOf(channelId: string): DemoChannel {
    const channel = this.#book.find(channelId);
    if (channel === undefined) {
      throw new DemoHttpError(404, 'channel-not-found', `Channel ${channelId} was not created in this demo session.`);
    }
    return channel;
  }

  #toHttpError(error: unknown): DemoHttpError {
    if (error instanceof DemoHttpError) return error;
    if (error instanceof ImageFluxValidationError) return new DemoHttpError(400, 'invalid-request', error.message, error.field);
    // These messages name the target and the service's answer, never the token: safe to show.
    if (error instanceof ImageFluxApiError) return new DemoHttpError(502, 'service-error', error.message);
    if (error instanceof ImageFluxNetworkError || error instanceof ImageFluxTimeoutError) {
      return new DemoHttpError(504, 'service-unreachable', error.message);
    }
    this.#log(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new DemoHttpError(500, 'internal-error', 'The demo backend failed on this request; its console says why.');
  }
}

function allow(method: string, ...allowed: string[]): void {
  if (!allowed.includes(method)) throw new DemoHttpError(405, 'invalid-request', `Use ${allowed.join(' or ')}.`);
}

/** A path segment as text; a malformed escape stays as it is (and names no channel). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function refuseDeleted(channel: DemoChannel): void {
  if (channel.deleted_at !== undefined) {
    throw new DemoHttpError(409, 'channel-deleted', `Channel ${channel.channel_id} was deleted.`);
  }
}

/**
 * The `hls` settings of a create request, keeping only the fields the demo offers (no archive, no
 * webhooks). Wrong values are left for the API client's validation, which names the field.
 */
function hlsOf(body: unknown): HlsEntry[] {
  const hls = isObject(body) ? body.hls : undefined;
  if (!Array.isArray(hls) || hls.length === 0) throw new DemoHttpError(400, 'invalid-request', 'hls must be a list of HLS settings.', 'hls');
  if (hls.length > MAX_RENDITIONS) throw new DemoHttpError(400, 'invalid-request', `hls has at most ${MAX_RENDITIONS} entries here.`, 'hls');
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
