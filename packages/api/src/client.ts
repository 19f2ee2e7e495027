import { normalizeAudioBitrate } from './audio-bitrate.js';
import { ImageFluxApiError } from './errors/api-error.js';
import { ImageFluxConfigurationError } from './errors/configuration-error.js';
import { ImageFluxNetworkError } from './errors/network-error.js';
import { ImageFluxTimeoutError } from './errors/timeout-error.js';
import { isKnownTarget, validateRequest } from './validate.js';
import {
  TARGETS,
  type CreateArchiveDestinationRequest,
  type CreateArchiveDestinationResponse,
  type CreateChannelRequest,
  type CreateChannelResponse,
  type DeleteArchiveDestinationResponse,
  type DeleteChannelResponse,
  type GetStatsResponse,
  type JsonObject,
  type ListArchiveDestinationResponse,
  type ListChannelClientsResponse,
  type ListConnectionsResponse,
  type PushResponse,
  type RequestOf,
  type ResponseOf,
  type StatsResponse,
  type Target,
} from './types.js';

export const DEFAULT_ENDPOINT = 'https://live-api.imageflux.jp/';

export interface ImageFluxClientOptions {
  /** The access token. It is sent only as the `Authorization` header and never appears in errors or logs. */
  accessToken: string;
  /** The API endpoint; defaults to `https://live-api.imageflux.jp/`. Point it at the emulator during development. */
  endpoint?: string;
  /** Milliseconds to wait for an answer before `ImageFluxTimeoutError` (default 10000). */
  timeoutMs?: number;
  /** A `fetch` to use instead of the global one (a proxy agent, instrumentation). */
  fetch?: typeof globalThis.fetch;
  /**
   * Allow construction in a browser. Don't: the token would be readable by every visitor.
   * Meant only for tools that run in a browser on a developer's own machine.
   */
  dangerouslyAllowBrowser?: boolean;
  /** Accept `file://` archive destinations, which only the emulator understands. */
  allowFileBucketUri?: boolean;
}

/**
 * A typed client for every target of the ImageFlux Live Streaming API, for a site's backend.
 * Each call validates its request first (throwing `ImageFluxValidationError`), then POSTs it once:
 * calls are never retried automatically, since most of them are not idempotent.
 */
export class ImageFluxClient {
  /** The API endpoint requests are sent to. */
  readonly endpoint: string;
  /** Milliseconds each call waits for an answer before ImageFluxTimeoutError. */
  readonly timeoutMs: number;
  // The one `#` field of the package (the rest use TypeScript's `private`): a true private field is
  // not enumerable, so the token is not serialized and not shown by util.inspect.
  readonly #accessToken: string;
  private readonly fetch: typeof globalThis.fetch;
  private readonly allowFileBucketUri: boolean;

  constructor(options: ImageFluxClientOptions) {
    if (isBrowser() && !options.dangerouslyAllowBrowser) {
      throw new ImageFluxConfigurationError(
        'ImageFluxClient runs on servers only: in a browser its access token would be exposed to every visitor.',
      );
    }
    if (typeof options.accessToken !== 'string' || options.accessToken.trim() === '') {
      throw new ImageFluxConfigurationError('accessToken is required');
    }
    this.endpoint = checkEndpoint(options.endpoint ?? DEFAULT_ENDPOINT);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    if (!(this.timeoutMs > 0)) throw new ImageFluxConfigurationError('timeoutMs must be above 0');
    this.#accessToken = options.accessToken;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.allowFileBucketUri = options.allowFileBucketUri ?? false;
  }

  /**
   * Creates a channel. Each entry's `audio.bps` is sent normalized with `normalizeAudioBitrate`
   * (the largest bitrate the service offers that is not above the request; 96000 when absent).
   */
  async createChannel(request: CreateChannelRequest): Promise<CreateChannelResponse> {
    validateRequest(TARGETS.createChannel, request);
    const hls = request.hls.map((entry) => ({ ...entry, audio: { ...entry.audio, bps: normalizeAudioBitrate(entry.audio?.bps) } }));
    return this.request(TARGETS.createChannel, { ...request, hls });
  }

  /** Deletes a channel: its connections are cut and its HLS ends. */
  deleteChannel(channelId: string): Promise<DeleteChannelResponse> {
    return this.request(TARGETS.deleteChannel, { channel_id: channelId });
  }

  /** Billing statistics. The service documents this target as not implemented yet. */
  stats(request: Record<string, unknown> = {}): Promise<StatsResponse> {
    return this.request(TARGETS.stats, request);
  }

  /** Registers a bucket (S3 or GCS) that channels can archive their HLS into. */
  createArchiveDestination(request: CreateArchiveDestinationRequest): Promise<CreateArchiveDestinationResponse> {
    return this.request(TARGETS.createArchiveDestination, request);
  }

  /** Deletes an archive destination. */
  deleteArchiveDestination(archiveDestinationId: string): Promise<DeleteArchiveDestinationResponse> {
    return this.request(TARGETS.deleteArchiveDestination, { archive_destination_id: archiveDestinationId });
  }

  /** Lists the archive destinations of this token, without their credentials. */
  listArchiveDestination(): Promise<ListArchiveDestinationResponse> {
    return this.request(TARGETS.listArchiveDestination, {});
  }

  /** The channel's live connections (broadcaster and WebRTC viewers). */
  listConnections(channelId: string): Promise<ListConnectionsResponse> {
    return this.request(TARGETS.listConnections, { channel_id: channelId });
  }

  /** The channel's live connections grouped by `client_id`. */
  listChannelClients(channelId: string): Promise<ListChannelClientsResponse> {
    return this.request(TARGETS.listChannelClients, { channel_id: channelId });
  }

  /** Sends `data` to every connection of the channel (`{type: "push", data}` on their signaling). */
  pushChannel(channelId: string, data: JsonObject): Promise<PushResponse> {
    return this.request(TARGETS.pushChannel, { channel_id: channelId, data });
  }

  /** Sends `data` to the connections of one client_id. */
  pushClient(channelId: string, clientId: string, data: JsonObject): Promise<PushResponse> {
    return this.request(TARGETS.pushClient, { channel_id: channelId, client_id: clientId, data });
  }

  /** Sends `data` to the channel's broadcasters. */
  pushUpstream(channelId: string, data: JsonObject): Promise<PushResponse> {
    return this.request(TARGETS.pushUpstream, { channel_id: channelId, data });
  }

  /** Sends `data` to the channel's WebRTC viewers. */
  pushDownStream(channelId: string, data: JsonObject): Promise<PushResponse> {
    return this.request(TARGETS.pushDownStream, { channel_id: channelId, data });
  }

  /** Statistics of one connection. */
  getStats(channelId: string, connectionId: string): Promise<GetStatsResponse> {
    return this.request(TARGETS.getStats, { channel_id: channelId, connection_id: connectionId });
  }

  /**
   * Calls any target: a known one is validated and typed; an unknown one (added by the service
   * later) is sent as given.
   */
  request<T extends Target>(target: T, body: RequestOf<T>): Promise<ResponseOf<T>>;
  /** Calls a target this client does not know by name (validated when it is a known one). */
  request(target: string, body: Record<string, unknown>): Promise<unknown>;
  async request(target: string, body: unknown): Promise<unknown> {
    if (isKnownTarget(target)) validateRequest(target, body, { allowFileBucketUri: this.allowFileBucketUri });
    let response: Response;
    try {
      response = await this.fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Sora-Target': target,
          Authorization: `Bearer ${this.#accessToken}`,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new ImageFluxTimeoutError(target, this.timeoutMs);
      }
      throw new ImageFluxNetworkError(target, this.redact(error));
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new ImageFluxTimeoutError(target, this.timeoutMs);
      }
      throw new ImageFluxNetworkError(target, this.redact(error));
    }
    const parsed = parseJson(text);
    if (!response.ok) throw new ImageFluxApiError(response.status, target, parsed.ok ? parsed.value : text);
    if (text.trim() === '') return {};
    if (!parsed.ok) throw new ImageFluxApiError(response.status, target, text, 'the answer is not JSON');
    return parsed.value;
  }

  /** Shown by console.log and JSON.stringify: never the token. */
  toJSON(): object {
    return { endpoint: this.endpoint, timeoutMs: this.timeoutMs, accessToken: '[redacted]' };
  }

  /** What util.inspect and console.log show: the options, the token redacted. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ImageFluxClient ${JSON.stringify(this.toJSON())}`;
  }

  // A fetch implementation could echo request headers in its error; make sure the token never leaks that way.
  private redact(error: unknown): unknown {
    if (!(error instanceof Error) || !error.message.includes(this.#accessToken)) return error;
    return new Error(error.message.split(this.#accessToken).join('[redacted]'));
  }
}

function isBrowser(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown };
  return typeof scope.window !== 'undefined' && typeof scope.document !== 'undefined';
}

function checkEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ImageFluxConfigurationError(`endpoint is not a URL: ${endpoint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ImageFluxConfigurationError(`endpoint must be http(s): ${endpoint}`);
  }
  // Every target is POSTed to the path "/".
  if (url.pathname === '') url.pathname = '/';
  return url.toString();
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
