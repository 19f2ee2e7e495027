import { join } from 'node:path';
import type { ArchiveDestinationRecord, ChannelRecord } from './media-seam.js';
import { SnapshotFile } from './store/snapshot-file.js';

/** Name of the store's file inside the data folder. */
export const STORE_FILE_NAME = 'store.json';

/**
 * Channels and archive destinations of every tenant. Lookups by tenant answer undefined for a
 * record of another tenant, exactly as for one that does not exist, so the API cannot tell them
 * apart. With a data folder every change is on disk before the method returns.
 */
export class Store {
  private readonly channels = new Map<string, ChannelRecord>();
  private readonly archiveDestinations = new Map<string, ArchiveDestinationRecord>();
  private readonly file: SnapshotFile | undefined;

  /** Without `dataDir` the store lives in memory only. */
  constructor(dataDir?: string) {
    this.file = dataDir === undefined ? undefined : new SnapshotFile(join(dataDir, STORE_FILE_NAME));
    const snapshot = this.file?.read();
    for (const channel of snapshot?.channels ?? []) this.channels.set(channel.channel_id, channel);
    for (const destination of snapshot?.archive_destinations ?? []) {
      this.archiveDestinations.set(destination.archive_destination_id, destination);
    }
  }

  /** Any tenant's channel: for the media plane, which serves channels by id alone. */
  findChannel(channelId: string): ChannelRecord | undefined {
    return this.channels.get(channelId);
  }

  findChannelOf(tenant: string, channelId: string): ChannelRecord | undefined {
    const channel = this.channels.get(channelId);
    return channel?.tenant === tenant ? channel : undefined;
  }

  addChannel(channel: ChannelRecord): void {
    this.change(() => this.channels.set(channel.channel_id, channel), () => this.channels.delete(channel.channel_id));
  }

  removeChannel(channelId: string): void {
    const channel = this.channels.get(channelId);
    if (channel === undefined) return;
    this.change(() => this.channels.delete(channelId), () => this.channels.set(channelId, channel));
  }

  /** Any tenant's archive destination: for the media plane. */
  findArchiveDestination(archiveDestinationId: string): ArchiveDestinationRecord | undefined {
    return this.archiveDestinations.get(archiveDestinationId);
  }

  findArchiveDestinationOf(tenant: string, archiveDestinationId: string): ArchiveDestinationRecord | undefined {
    const destination = this.archiveDestinations.get(archiveDestinationId);
    return destination?.tenant === tenant ? destination : undefined;
  }

  /** In the order they were created. */
  listArchiveDestinationsOf(tenant: string): ArchiveDestinationRecord[] {
    return [...this.archiveDestinations.values()].filter((destination) => destination.tenant === tenant);
  }

  addArchiveDestination(destination: ArchiveDestinationRecord): void {
    const id = destination.archive_destination_id;
    this.change(() => this.archiveDestinations.set(id, destination), () => this.archiveDestinations.delete(id));
  }

  removeArchiveDestination(archiveDestinationId: string): void {
    const destination = this.archiveDestinations.get(archiveDestinationId);
    if (destination === undefined) return;
    this.change(
      () => this.archiveDestinations.delete(archiveDestinationId),
      () => this.archiveDestinations.set(archiveDestinationId, destination),
    );
  }

  /** Applies a change and saves it; undoes it when it cannot be saved, so memory never runs ahead of the disk. */
  private change(apply: () => void, undo: () => void): void {
    apply();
    try {
      this.save();
    } catch (error) {
      undo();
      throw error;
    }
  }

  private save(): void {
    this.file?.write({
      version: 1,
      channels: [...this.channels.values()],
      archive_destinations: [...this.archiveDestinations.values()],
    });
  }
}
