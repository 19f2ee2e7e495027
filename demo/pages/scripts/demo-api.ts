/**
 * The pages' side of the demo backend's JSON API (see ../../server/demo-api.ts). Same origin, so
 * no token and no CORS: the backend holds the ImageFlux access token.
 */
import type {
  ChannelEventMap,
  ChannelList,
  ConnectionList,
  CreateChannelBody,
  DemoChannel,
  DemoErrorBody,
  DemoErrorCode,
  DemoSession,
  PushResult,
} from '../../shared/demo-api-types.js';

/** An error answer of the backend, or no answer at all (`code` `network`). */
export class DemoApiError extends Error {
  constructor(
    readonly code: DemoErrorCode | 'network',
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new DemoApiError('network', error instanceof Error ? error.message : String(error));
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (answer as DemoErrorBody | undefined)?.error;
    throw new DemoApiError(error?.code ?? 'internal-error', error?.message ?? `HTTP ${response.status}`, error?.field);
  }
  return answer as T;
}

const channelPath = (channelId: string) => `/api/channels/${encodeURIComponent(channelId)}`;

export const getSession = () => call<DemoSession>('GET', '/api/session');
export const listChannels = () => call<ChannelList>('GET', '/api/channels');
export const createChannel = (body: CreateChannelBody) => call<DemoChannel>('POST', '/api/channels', body);
export const getChannel = (channelId: string) => call<DemoChannel>('GET', channelPath(channelId));
export const deleteChannel = (channelId: string) => call<DemoChannel>('DELETE', channelPath(channelId));
export const listConnections = (channelId: string) => call<ConnectionList>('GET', `${channelPath(channelId)}/connections`);
export const pushMessage = (channelId: string, message: string) => call<PushResult>('POST', `${channelPath(channelId)}/push`, { message });

export type ChannelEventHandlers = { [K in keyof ChannelEventMap]?: (data: ChannelEventMap[K]) => void };

/**
 * Follows the channel's server-sent events until `deleted` (or until the returned function is
 * called). EventSource reconnects by itself after a dropped connection.
 */
export function followChannelEvents(channelId: string, handlers: ChannelEventHandlers): () => void {
  const source = new EventSource(`${channelPath(channelId)}/events`);
  source.addEventListener('push', (event) => handlers.push?.(JSON.parse((event as MessageEvent<string>).data) as ChannelEventMap['push']));
  source.addEventListener('deleted', (event) => {
    source.close();
    handlers.deleted?.(JSON.parse((event as MessageEvent<string>).data) as ChannelEventMap['deleted']);
  });
  return () => source.close();
}
