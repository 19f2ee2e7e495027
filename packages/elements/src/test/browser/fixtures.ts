/**
 * The browser side of the test fixtures: typed calls to the `ifls` server command
 * (../wtr/fixture-commands.ts). A test file calls `releaseFixtures()` in its `after` hook so that
 * what it started (ffmpeg, channels, broadcasts) ends with it.
 */
import type { CreateChannelRequest, CreateChannelResponse, JsonObject, ListConnectionsResponse } from '@ifls/api';
import { executeServerCommand } from '@web/test-runner-commands';
import type { LiveHlsFault, LiveHlsServerOptions } from '../fixtures/live-hls-server.js';
import type { FixtureRequest } from './fixture-request.js';

async function fixture<T>(request: FixtureRequest): Promise<T> {
  const { value } = await executeServerCommand<{ value: T }, FixtureRequest>('ifls', request);
  return value;
}

export function releaseFixtures(): Promise<void> {
  return fixture({ action: 'release' });
}

/** Live HLS of a test pattern, made by ffmpeg in real time and served with faults on demand. */
export class LiveHls {
  private constructor(
    readonly id: string,
    readonly playlistUrl: string,
    readonly origin: string,
  ) {}

  static async start(options: LiveHlsServerOptions = {}): Promise<LiveHls> {
    const { id, playlistUrl, origin } = await fixture<{ id: string; playlistUrl: string; origin: string }>({
      action: 'live-hls-start',
      options,
    });
    return new LiveHls(id, playlistUrl, origin);
  }

  /** Starts (or restarts) the broadcast; resolves once the playlist lists a few segments. */
  broadcast(): Promise<void> {
    return fixture({ action: 'live-hls-broadcast', id: this.id });
  }

  /** Ends the broadcast: `EXT-X-ENDLIST`. */
  end(): Promise<void> {
    return fixture({ action: 'live-hls-end', id: this.id });
  }

  setFault(fault: LiveHlsFault): Promise<void> {
    return fixture({ action: 'live-hls-fault', id: this.id, fault });
  }

  /** Where the live edge was at `time` (ms since the epoch), in program-date-time ms. */
  liveEdgeAt(time: number): Promise<number | null> {
    return fixture({ action: 'live-hls-edge', id: this.id, time });
  }

  waitForSightings(count: number): Promise<void> {
    return fixture({ action: 'live-hls-sightings', id: this.id, count });
  }

  /** Holds every segment answer `ms` before sending it (0: at once again); playlists are not held. */
  delaySegments(ms: number): Promise<void> {
    return fixture({ action: 'live-hls-segment-delay', id: this.id, ms });
  }

  /** Sends every segment's first four fifths at once and the rest `ms` later (0: whole at once again). */
  holdSegmentTails(ms: number): Promise<void> {
    return fixture({ action: 'live-hls-segment-tail-hold', id: this.id, ms });
  }

  /** When the rest of each segment held by `holdSegmentTails` was sent: its path, ms since the epoch. */
  tails(): Promise<{ path: string; at: number }[]> {
    return fixture({ action: 'live-hls-tails', id: this.id });
  }

  /** Every request the server has had: its path and when it arrived (ms since the epoch). */
  requests(): Promise<{ path: string; at: number }[]> {
    return fixture({ action: 'live-hls-requests', id: this.id });
  }

  /** The segments that came out since the server began to watch: their paths, and when each was first listed (ms since the epoch). */
  segmentsOut(): Promise<{ path: string; at: number }[]> {
    return fixture({ action: 'live-hls-segments-out', id: this.id });
  }
}

/**
 * Another server's HLS (same paths, e.g. a `LiveHls`'s) with canned answers for some paths: a
 * multivariant playlist whose media playlist is missing, or empty. `requests()`: what was asked,
 * in order, and the status each got.
 */
export class PlaylistOverlay {
  private constructor(
    readonly id: string,
    readonly origin: string,
  ) {}

  static async start(upstream: string): Promise<PlaylistOverlay> {
    const { id, origin } = await fixture<{ id: string; origin: string }>({ action: 'playlist-overlay-start', upstream });
    return new PlaylistOverlay(id, origin);
  }

  /** Answers `path` (`/live/v0.m3u8`) with `answer` from now on; null relays it again. */
  answer(path: string, answer: { status: number; body?: string } | null): Promise<void> {
    return fixture({ action: 'playlist-overlay-answer', id: this.id, path, answer });
  }

  requests(): Promise<{ path: string; status: number }[]> {
    return fixture({ action: 'playlist-overlay-requests', id: this.id });
  }
}

export type Channel = CreateChannelResponse;

/** The emulator's API, called by the test runner's process with the access token, which stays there. */
export const emulator = {
  /** `authWebhookUrl`: the channel asks it about every connection (see `emulator.authWebhook`). */
  createChannel(hls: CreateChannelRequest['hls'], options: { authWebhookUrl?: string } = {}): Promise<Channel> {
    return fixture({ action: 'create-channel', hls, ...options });
  },
  /**
   * An auth webhook served by the test runner's process that gives every request `answer`
   * (`{ allowed: false, reason }` refuses); `requests()` returns the bodies it was sent, in order.
   */
  async authWebhook(answer: JsonObject): Promise<{ url: string; requests(): Promise<JsonObject[]> }> {
    const { id, url } = await fixture<{ id: string; url: string }>({ action: 'auth-webhook-start', answer });
    return { url, requests: () => fixture({ action: 'auth-webhook-requests', id }) };
  },
  deleteChannel(channelId: string): Promise<void> {
    return fixture({ action: 'delete-channel', channelId });
  },
  listConnections(channelId: string): Promise<ListConnectionsResponse> {
    return fixture({ action: 'list-connections', channelId });
  },
  pushChannel(channelId: string, data: JsonObject): Promise<unknown> {
    return fixture({ action: 'push-channel', channelId, data });
  },
  /** Publishes a fake camera to `channel` with sora-js-sdk from a separate Chromium; resolves once connected. */
  async publish(channel: Channel): Promise<{ stop(): Promise<void> }> {
    const { id } = await fixture<{ id: string }>({ action: 'publish', channel });
    return { stop: () => fixture({ action: 'unpublish', id }) };
  },
  /** A viewer in another browser (Chromium, hls.js) plays `playlistUrl` until `seconds` of it have played. */
  watch(playlistUrl: string, seconds = 2): Promise<{ width: number; height: number; played: number }> {
    return fixture({ action: 'watch', playlistUrl, seconds });
  },
  waitForSegments(playlistUrl: string, segments: number, timeoutMs?: number): Promise<void> {
    return fixture({ action: 'wait-for-segments', playlistUrl, segments, timeoutMs });
  },
};
