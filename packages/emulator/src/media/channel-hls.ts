/**
 * A channel's HLS output: the folder ffmpeg writes into and the playlists served from it. It
 * outlives each broadcast (a broadcaster that comes back continues the same playlists) and ends
 * when the channel is deleted.
 *
 * Each emulator process writes a channel's files into a folder of its own below the channel's
 * (`<channel>/e<pid>-<random>/`): an ffmpeg left behind by an emulator that was killed may go on
 * writing for a few seconds (until its input times out, see rtp-udp-output.ts), and a restarted
 * emulator must never read its segments as its own. Folders of emulators no longer running are
 * removed when the channel is next used.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { ChannelRecord } from '../media-seam.js';
import { runPlaylistName } from './ffmpeg-arguments.js';
import { hlsVariants, type HlsVariant } from './hls-variant.js';
import { formatTimeOffset, VariantPlaylist } from './variant-playlist.js';
import { isProcessRunning } from '../process-running.js';

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

/** The folder name of one emulator process's output: its pid, then randomness (pids are reused). */
const OWN_FOLDER = /^e(\d+)-[0-9a-f]+$/;
/** The output folders this process made (a restarted container may run the emulator under its old pid). */
const foldersOfThisProcess = new Set<string>();

export class ChannelHls {
  /** This process's folder for the channel: ffmpeg's working directory. */
  readonly folder: string;
  /** The channel's folder, holding the output folders of every emulator process that served it. */
  readonly channelFolder: string;
  /** The renditions CreateChannel asked for. */
  readonly variants: HlsVariant[];
  /** One playlist per rendition, in the order of `variants`. */
  readonly playlists: VariantPlaylist[];
  private runs = 0;
  /** The media of the latest run: the master playlist declares only the codecs it carries. */
  private media: BroadcastMedia = { audio: true, video: true };
  private watcher: FSWatcher | undefined;
  private wasRemoved = false;
  /** Whether the first run cleared what ended emulators left in the channel's folder. */
  private prepared = false;

  /** `channelFolder` is the channel's own folder; the files go to a new folder inside it. */
  constructor(channel: ChannelRecord, channelFolder: string) {
    this.channelFolder = channelFolder;
    const folder = join(channelFolder, `e${process.pid}-${randomBytes(6).toString('hex')}`);
    this.folder = folder;
    foldersOfThisProcess.add(folder);
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

  /** Whether the output was deleted (everything answers 404). */
  get removed(): boolean {
    return this.wasRemoved;
  }

  /** Prepares the folder for an ffmpeg run of a broadcast sending `media`; returns the run's number. */
  startRun(media: BroadcastMedia): number {
    this.media = { ...media };
    if (!this.prepared) {
      this.prepared = true;
      this.removeOutputOfEndedEmulators();
    }
    mkdirSync(this.folder, { recursive: true });
    this.watchFolder();
    this.runs += 1;
    this.variants.forEach((variant, index) => this.playlists[index]!.startRun(this.runs, runPlaylistName(variant, this.runs)));
    return this.runs;
  }

  /** The current ffmpeg run ended: the next one starts after a discontinuity. */
  finishRun(): void {
    for (const playlist of this.playlists) playlist.finishRun();
  }

  /** The broadcast ended: every playlist gets `#EXT-X-ENDLIST`. */
  end(): void {
    for (const playlist of this.playlists) playlist.end();
  }

  /** A playlist the server answers with, or undefined (404: unknown, or no segment yet). */
  playlist(fileName: string): ServedFile | undefined {
    if (this.wasRemoved) return undefined;
    if (fileName === PLAYLIST_FILE && this.variants.length > 1) return this.master();
    const index = fileName === PLAYLIST_FILE ? 0 : this.variants.findIndex((variant) => `${variant.name}.m3u8` === fileName);
    const body = index >= 0 ? this.playlists[index]!.renderLive() : undefined;
    return body === undefined ? undefined : { body, contentType: 'application/vnd.apple.mpegurl' };
  }

  /** Where a segment named in a served playlist is on disk. */
  segmentPath(fileName: string): string | undefined {
    if (this.wasRemoved) return undefined;
    const listed = this.playlists.some((playlist) => playlist.segments.some((segment) => segment.uri === fileName && !segment.deleted));
    return listed ? join(this.folder, fileName) : undefined;
  }

  /** Stops serving and deletes the channel's folder. */
  remove(): void {
    this.wasRemoved = true;
    this.watcher?.close();
    this.watcher = undefined;
    rmSync(this.folder, { recursive: true, force: true });
    foldersOfThisProcess.delete(this.folder);
    this.removeOutputOfEndedEmulators();
    try {
      rmSync(this.channelFolder, { recursive: false });
    } catch {
      // not empty: another emulator process still serves it (or a leftover is being removed)
    }
  }

  /**
   * Multivariant playlist: one variant per `hls` entry, once every rendition has a segment. An
   * audio-only broadcast's variants declare AAC alone and no picture size: players (hls.js
   * included) set up their buffers from CODECS and would wait for video that never comes.
   */
  private master(): ServedFile | undefined {
    if (!this.playlists.every((playlist) => playlist.renderLive() !== undefined)) return undefined;
    const lines = [
      '#EXTM3U',
      '#EXT-X-VERSION:3',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      // The first rendition's offset, exactly (each media playlist carries its own).
      `#EXT-X-START:TIME-OFFSET=${formatTimeOffset(this.variants[0]!.startTimeOffset)}`,
    ];
    const { audio, video } = this.media;
    for (const variant of this.variants) {
      const bandwidth = Math.round(((video ? variant.videoBps : 0) + (audio ? variant.audioBps : 0)) * 1.1);
      const codecs = [...(video ? [variant.videoCodec] : []), ...(audio ? [variant.audioCodec] : [])].join(',');
      const picture = video ? `,RESOLUTION=${variant.width}x${variant.height},FRAME-RATE=${variant.fps.toFixed(3)}` : '';
      lines.push(`#EXT-X-STREAM-INF:BANDWIDTH=${bandwidth}${picture},CODECS="${codecs}"`, `${variant.name}.m3u8`);
    }
    return { body: `${lines.join('\n')}\n`, contentType: 'application/vnd.apple.mpegurl' };
  }

  /**
   * Deletes what emulator processes that no longer run left in the channel's folder (files of
   * versions before per-process folders included). Only folders no live emulator owns are
   * touched: two emulators on one data folder (which the data folder's lock prevents) would not
   * delete each other's output.
   */
  private removeOutputOfEndedEmulators(): void {
    let entries: string[];
    try {
      entries = readdirSync(this.channelFolder);
    } catch {
      return; // no folder yet: nothing left behind
    }
    for (const entry of entries) {
      const path = join(this.channelFolder, entry);
      if (path === this.folder) continue;
      const owner = OWN_FOLDER.exec(entry);
      const live = owner && (Number(owner[1]) === process.pid ? foldersOfThisProcess.has(path) : isProcessRunning(Number(owner[1])));
      if (live) continue;
      try {
        rmSync(path, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // a leftover writer raced us; the next use of the channel tries again
      }
    }
  }

  /** ffmpeg renames each finished playlist into place: pick the new segments up at once. */
  private watchFolder(): void {
    if (this.watcher) return;
    try {
      this.watcher = watch(this.folder, (_event, fileName) => {
        if (typeof fileName !== 'string' || !fileName.endsWith('.m3u8')) return;
        const index = this.variants.findIndex((variant) => fileName.startsWith(`${variant.name}_r`));
        if (index >= 0) this.playlists[index]!.refresh();
      });
      this.watcher.on('error', () => undefined);
    } catch {
      // without a watcher, playlists are still refreshed on every request
    }
  }
}
