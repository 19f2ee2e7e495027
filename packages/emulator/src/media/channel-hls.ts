/**
 * A channel's HLS output: the folder ffmpeg writes into and the playlists served from it. It
 * outlives each broadcast (a broadcaster that comes back continues the same playlists) and ends
 * when the channel is deleted.
 */
import { mkdirSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { ChannelRecord } from '../media-seam.js';
import { runPlaylistName } from './ffmpeg-arguments.js';
import { hlsVariants, type HlsVariant } from './hls-variant.js';
import { formatTimeOffset, VariantPlaylist } from './variant-playlist.js';

/** The name `playlist_url` ends with: the master playlist, or the media playlist of a single rendition. */
export const PLAYLIST_FILE = 'playlist.m3u8';

/** What a broadcast sends, and so what its renditions carry. */
export interface BroadcastMedia {
  audio: boolean;
  video: boolean;
}

export interface ServedFile {
  body: string;
  contentType: string;
}

export class ChannelHls {
  readonly folder: string;
  readonly variants: HlsVariant[];
  readonly playlists: VariantPlaylist[];
  #runs = 0;
  /** The media of the latest run: the master playlist declares only the codecs it carries. */
  #media: BroadcastMedia = { audio: true, video: true };
  #watcher: FSWatcher | undefined;
  #removed = false;

  constructor(channel: ChannelRecord, folder: string) {
    this.folder = folder;
    this.variants = hlsVariants(channel.hls);
    this.playlists = this.variants.map(
      (variant) =>
        new VariantPlaylist({
          folder,
          segmentSeconds: variant.segmentSeconds,
          startTimeOffset: variant.startTimeOffset,
          keepSegments: variant.archiveDestinationId !== undefined,
        }),
    );
  }

  get removed(): boolean {
    return this.#removed;
  }

  /** Prepares the folder for an ffmpeg run of a broadcast sending `media`; returns the run's number. */
  startRun(media: BroadcastMedia): number {
    this.#media = { ...media };
    mkdirSync(this.folder, { recursive: true });
    this.#watchFolder();
    this.#runs += 1;
    this.variants.forEach((variant, index) => this.playlists[index]!.startRun(this.#runs, runPlaylistName(variant, this.#runs)));
    return this.#runs;
  }

  finishRun(): void {
    for (const playlist of this.playlists) playlist.finishRun();
  }

  /** The broadcast ended: every playlist gets `#EXT-X-ENDLIST`. */
  end(): void {
    for (const playlist of this.playlists) playlist.end();
  }

  /** A playlist the server answers with, or undefined (404: unknown, or no segment yet). */
  playlist(fileName: string): ServedFile | undefined {
    if (this.#removed) return undefined;
    if (fileName === PLAYLIST_FILE && this.variants.length > 1) return this.#master();
    const index = fileName === PLAYLIST_FILE ? 0 : this.variants.findIndex((variant) => `${variant.name}.m3u8` === fileName);
    const body = index >= 0 ? this.playlists[index]!.renderLive() : undefined;
    return body === undefined ? undefined : { body, contentType: 'application/vnd.apple.mpegurl' };
  }

  /** Where a segment named in a served playlist is on disk. */
  segmentPath(fileName: string): string | undefined {
    if (this.#removed) return undefined;
    const listed = this.playlists.some((playlist) => playlist.segments.some((segment) => segment.uri === fileName && !segment.deleted));
    return listed ? join(this.folder, fileName) : undefined;
  }

  /** Stops serving and deletes the folder. */
  remove(): void {
    this.#removed = true;
    this.#watcher?.close();
    this.#watcher = undefined;
    rmSync(this.folder, { recursive: true, force: true });
  }

  /**
   * Multivariant playlist: one variant per `hls` entry, once every rendition has a segment. An
   * audio-only broadcast's variants declare AAC alone and no picture size: players (hls.js
   * included) set up their buffers from CODECS and would wait for video that never comes.
   */
  #master(): ServedFile | undefined {
    if (!this.playlists.every((playlist) => playlist.renderLive() !== undefined)) return undefined;
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      // The first rendition's offset, exactly (each media playlist carries its own).
      `#EXT-X-START:TIME-OFFSET=${formatTimeOffset(this.variants[0]!.startTimeOffset)}`,
    ];
    const { audio, video } = this.#media;
    for (const variant of this.variants) {
      const bandwidth = Math.round(((video ? variant.videoBps : 0) + (audio ? variant.audioBps : 0)) * 1.1);
      const codecs = [...(video ? [variant.videoCodec] : []), ...(audio ? [variant.audioCodec] : [])].join(',');
      const picture = video ? `,RESOLUTION=${variant.width}x${variant.height},FRAME-RATE=${variant.fps.toFixed(3)}` : '';
      lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth}${picture},CODECS="${codecs}"`, `${variant.name}.m3u8`);
    }
    return { body: `${lines.join('\n')}\n`, contentType: 'application/vnd.apple.mpegurl' };
  }

  /** ffmpeg renames each finished playlist into place: pick the new segments up at once. */
  #watchFolder(): void {
    if (this.#watcher) return;
    try {
      this.#watcher = watch(this.folder, (_event, fileName) => {
        if (typeof fileName !== 'string' || !fileName.endsWith('.m3u8')) return;
        const index = this.variants.findIndex((variant) => fileName.startsWith(`${variant.name}_r`));
        if (index >= 0) this.playlists[index]!.refresh();
      });
      this.#watcher.on('error', () => undefined);
    } catch {
      // without a watcher, playlists are still refreshed on every request
    }
  }
}
