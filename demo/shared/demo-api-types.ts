/**
 * The demo backend's own JSON API, shared by the server and the pages (types only, so nothing of
 * the server reaches the browser bundle). The pages never talk to ImageFlux's API: only this one.
 */
import type { ConnectionInfo, CreateChannelResponse, HlsEntry } from '@ifls/api';

/** A channel created in this demo session: the CreateChannel answer plus what the pages show. */
export interface DemoChannel extends CreateChannelResponse {
  /** The `hls` settings it was created with, as sent to CreateChannel. */
  hls: HlsEntry[];
  /** ISO 8601. */
  created_at: string;
  /** ISO 8601, once DeleteChannel succeeded; the record stays so open pages can say so. */
  deleted_at?: string;
}

/** `GET /api/session`: which service this demo talks to. */
export interface DemoSession {
  /** `emulator`: the local ImageFlux-compatible emulator started by the demo; `service`: IFLS_API_URL. */
  backend: 'emulator' | 'service';
}

/** `GET /api/channels` */
export interface ChannelList {
  channels: DemoChannel[];
}

/** `POST /api/channels`: the `hls` part of a CreateChannel request (webhooks are the backend's business, not the page's). */
export interface CreateChannelBody {
  hls: HlsEntry[];
}

/** `GET /api/channels/:id/connections`: ListConnections of the channel. */
export interface ConnectionList {
  connections: ConnectionInfo[];
}

/** `POST /api/channels/:id/push` */
export interface PushBody {
  message: string;
}

/** The `data` of every PushChannel the demo sends, and of its `push` server-sent events. */
export interface PushedMessage {
  /** Tells the demo's messages apart from any other push an app might send. */
  kind: 'demo-message';
  message: string;
  /** ISO 8601. */
  sent_at: string;
}

/** `POST /api/channels/:id/push` answer. */
export interface PushResult {
  pushed: PushedMessage;
}

/** Every error answer of the demo backend. */
export interface DemoErrorBody {
  error: {
    code: DemoErrorCode;
    message: string;
    /** The request field that was wrong, e.g. `hls[0].video.fps`. */
    field?: string;
  };
}

export type DemoErrorCode =
  'invalid-request' | 'not-found' | 'channel-not-found' | 'channel-deleted' | 'service-error' | 'service-unreachable' | 'internal-error';

/**
 * Server-sent events of `GET /api/channels/:id/events`, for pages without a signaling connection
 * (the viewer's `<ifls-player>` plays HLS only, so PushChannel never reaches it).
 */
export interface ChannelEventMap {
  push: PushedMessage;
  deleted: DemoChannel;
}
