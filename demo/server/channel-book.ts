/**
 * The channels created in this demo session, in memory, and who is listening to their events.
 * Only these channels can be used through the demo's API: the demo's token can reach every channel
 * of the account, and a visitor of the demo should not be able to push to or delete the others.
 */
import type { CreateChannelResponse, HlsEntry } from '@ifls/api';
import type { ChannelEventMap, DemoChannel } from '../shared/demo-api-types.js';

export type ChannelEvent = { [K in keyof ChannelEventMap]: { type: K; data: ChannelEventMap[K] } }[keyof ChannelEventMap];
export type ChannelListener = (event: ChannelEvent) => void;

export class ChannelBook {
  readonly #channels = new Map<string, DemoChannel>();
  readonly #listeners = new Map<string, Set<ChannelListener>>();

  add(answer: CreateChannelResponse, hls: HlsEntry[]): DemoChannel {
    const channel: DemoChannel = {
      channel_id: answer.channel_id,
      sora_url: answer.sora_url,
      playlist_url: answer.playlist_url,
      hls,
      created_at: new Date().toISOString(),
    };
    this.#channels.set(channel.channel_id, channel);
    return channel;
  }

  find(channelId: string): DemoChannel | undefined {
    return this.#channels.get(channelId);
  }

  /** Newest first. */
  list(): DemoChannel[] {
    return [...this.#channels.values()].reverse();
  }

  markDeleted(channelId: string): DemoChannel | undefined {
    const channel = this.#channels.get(channelId);
    if (channel === undefined) return undefined;
    channel.deleted_at ??= new Date().toISOString();
    this.emit(channelId, { type: 'deleted', data: channel });
    return channel;
  }

  /** Origins the pages connect to for these channels (signaling and HLS), for the CSP. */
  mediaOrigins(): string[] {
    const origins = new Set<string>();
    for (const channel of this.#channels.values()) {
      for (const url of [channel.sora_url, channel.playlist_url]) {
        try {
          origins.add(new URL(url).origin);
        } catch {
          // Not a URL: nothing the page could connect to anyway.
        }
      }
    }
    return [...origins];
  }

  /** Calls `listener` for every later event of the channel; returns the function that stops it. */
  subscribe(channelId: string, listener: ChannelListener): () => void {
    let listeners = this.#listeners.get(channelId);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(channelId, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#listeners.delete(channelId);
    };
  }

  emit(channelId: string, event: ChannelEvent): void {
    for (const listener of this.#listeners.get(channelId) ?? []) listener(event);
  }
}
