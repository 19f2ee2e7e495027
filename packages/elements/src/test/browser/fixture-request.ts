/** The messages a browser test sends to the `ifls` server command (../wtr/fixture-commands.ts). */
import type { CreateChannelRequest, CreateChannelResponse, JsonObject } from '@ifls/api';
import type { LiveHlsFault, LiveHlsServerOptions } from '../fixtures/live-hls-server.js';

export type FixtureRequest =
  | { action: 'live-hls-start'; options: LiveHlsServerOptions }
  | { action: 'live-hls-broadcast' | 'live-hls-end'; id: string }
  | { action: 'live-hls-fault'; id: string; fault: LiveHlsFault }
  | { action: 'live-hls-edge'; id: string; time: number }
  | { action: 'live-hls-sightings'; id: string; count: number }
  | { action: 'live-hls-segment-delay'; id: string; ms: number }
  | { action: 'live-hls-segment-tail-hold'; id: string; ms: number }
  | { action: 'live-hls-tails'; id: string }
  | { action: 'live-hls-requests'; id: string }
  | { action: 'live-hls-segments-out'; id: string }
  | { action: 'create-channel'; hls: CreateChannelRequest['hls']; authWebhookUrl?: string }
  | { action: 'auth-webhook-start'; answer: JsonObject }
  | { action: 'auth-webhook-requests'; id: string }
  | { action: 'playlist-overlay-start'; upstream: string }
  | { action: 'playlist-overlay-answer'; id: string; path: string; answer: { status: number; body?: string } | null }
  | { action: 'playlist-overlay-requests'; id: string }
  | { action: 'delete-channel' | 'list-connections'; channelId: string }
  | { action: 'push-channel'; channelId: string; data: JsonObject }
  | { action: 'publish'; channel: Pick<CreateChannelResponse, 'channel_id' | 'sora_url' | 'playlist_url'> }
  | { action: 'unpublish'; id: string }
  | { action: 'watch'; playlistUrl: string; seconds: number }
  | { action: 'wait-for-segments'; playlistUrl: string; segments: number; timeoutMs?: number }
  | { action: 'release' };
