/**
 * Uploads one rendition of one finished broadcast to its archive destination: every segment of
 * the broadcast, then a VOD playlist of them (ImageFlux archives a single rendition, not the
 * multivariant set). Each file stored is announced by an `imageflux.archive_created` event
 * webhook (`file_type` `ts` or `m3u8`), each failure by `imageflux.archive_failed`. As in
 * ImageFlux's アーカイブのウェブフック通知, `data.dest_uri` is the destination (保存先URI: its `bucket_uri`,
 * ending with '/') and `data.file_path` the file's path below it, so `dest_uri + file_path` is the
 * file's URI. Each event has an `id` of its own, kept across delivery retries.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchiveDestinationRecord } from '../media-seam.js';
import { newId } from '../store/ids.js';
import type { ArchiveStorage } from './archive-storage.js';
import { archiveStorageFor, bucketLocationOf } from './archive-storage-for.js';
import type { HlsVariant } from './hls-variant.js';
import type { VariantPlaylist } from './variant-playlist.js';
import { sleep } from '../sleep.js';

export interface ArchiveJobOptions {
  channelId: string;
  /** The broadcaster's connection id: each broadcast is archived in a folder of its own. */
  broadcastId: string;
  variant: HlsVariant;
  playlist: VariantPlaylist;
  fromSequence: number;
  folder: string;
  destination: ArchiveDestinationRecord | undefined;
  archiveDestinationId: string;
  sendEvent(body: Record<string, unknown>): void;
  log(line: string): void;
}

const ATTEMPTS = 3;

export class ArchiveJob {
  private readonly options: ArchiveJobOptions;
  /** `data.dest_uri` of the events: the destination's base URI; '' while (or when) it is unknown. */
  private destUri = '';

  constructor(options: ArchiveJobOptions) {
    this.options = options;
    if (options.destination) {
      try {
        this.destUri = bucketLocationOf(options.destination).base;
      } catch {
        // a bucket_uri this emulator cannot use: the events name none
      }
    }
  }

  /** Uploads the broadcast's segments and playlist, then sends archive_created or archive_failed. */
  async run(): Promise<void> {
    const { channelId, broadcastId, variant, playlist, fromSequence, folder, destination, log } = this.options;
    const base = `${channelId}/${broadcastId}/`;
    const playlistKey = `${base}${variant.name}.m3u8`;
    if (!destination) {
      log(`archive of ${channelId}: archive destination ${this.options.archiveDestinationId} does not exist`);
      this.failed(playlistKey, 'archive destination not found');
      return;
    }
    let storage: ArchiveStorage;
    try {
      storage = archiveStorageFor(destination);
    } catch (error) {
      log(`archive of ${channelId}: ${(error as Error).message}`);
      this.failed(playlistKey, (error as Error).message);
      return;
    }
    const segments = playlist.segments.slice(fromSequence).filter((segment) => !segment.deleted);
    if (segments.length === 0) return;
    for (const segment of segments) {
      const key = `${base}${segment.uri}`;
      try {
        const body = await readFile(join(folder, segment.uri));
        await this.store(storage, key, body, 'video/mp2t', 'ts');
      } catch (error) {
        log(`archive of ${channelId}: ${key}: ${(error as Error).message}`);
        this.failed(key, (error as Error).message);
      }
    }
    const vod = Buffer.from(playlist.renderVod(fromSequence));
    try {
      await this.store(storage, playlistKey, vod, 'application/vnd.apple.mpegurl', 'm3u8');
      log(`archive of ${channelId}: ${segments.length} segments and ${variant.name}.m3u8 stored in ${storage.base}${base}`);
    } catch (error) {
      log(`archive of ${channelId}: ${playlistKey}: ${(error as Error).message}`);
      this.failed(playlistKey, (error as Error).message);
    }
  }

  private async store(storage: ArchiveStorage, key: string, body: Buffer, contentType: string, fileType: 'ts' | 'm3u8'): Promise<void> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      try {
        await storage.put(key, body, contentType);
        this.options.sendEvent({
          ...this.eventBase('imageflux.archive_created'),
          data: {
            dest_uri: storage.base,
            file_path: key,
            size: body.length,
            file_type: fileType,
            archive_destination_id: this.options.archiveDestinationId,
          },
        });
        return;
      } catch (error) {
        lastError = error;
        if (attempt < ATTEMPTS) await sleep(500 * attempt);
      }
    }
    throw lastError;
  }

  private failed(key: string, reason: string): void {
    this.options.sendEvent({
      ...this.eventBase('imageflux.archive_failed'),
      data: { dest_uri: this.destUri, file_path: key, reason, archive_destination_id: this.options.archiveDestinationId },
    });
  }

  private eventBase(type: string): Record<string, unknown> {
    return {
      type,
      id: newId(),
      timestamp: new Date().toISOString(),
      channel_id: this.options.channelId,
      connection_id: this.options.broadcastId,
    };
  }
}
