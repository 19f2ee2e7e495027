import type { ArchiveDestinationRecord, ChannelRecord } from './media-seam.js';
import { StoreFolder } from './store/store-folder.js';
import { TenantShelf, type Change } from './store/tenant-shelf.js';

export { STORE_FOLDER_NAME } from './store/store-folder.js';

/**
 * Channels and archive destinations of every tenant. Lookups by tenant answer undefined for a
 * record of another tenant, exactly as for one that does not exist, so the API cannot tell them
 * apart. With a data folder each tenant has a file of its own (store/store-folder.ts): a change
 * resolves once that file is durable, and is visible only from then on; a change of one tenant
 * never waits for, nor rewrites, another tenant's data.
 */
export class Store {
  private readonly channels = new Map<string, ChannelRecord>();
  private readonly archiveDestinations = new Map<string, ArchiveDestinationRecord>();
  private readonly shelves = new Map<string, TenantShelf>();
  private readonly folder: StoreFolder | undefined;

  /**
   * Without `dataDir` the store lives in memory only. With it, every tenant's file is read here,
   * synchronously (before the emulator listens); a file it cannot use throws StoreFileError.
   */
  constructor(dataDir?: string) {
    this.folder = dataDir === undefined ? undefined : new StoreFolder(dataDir);
    for (const snapshot of this.folder?.load() ?? []) {
      const shelf = this.shelfOf(snapshot.tenant);
      for (const channel of snapshot.channels) {
        shelf.load('channels', channel, channel.channel_id);
        this.channels.set(channel.channel_id, channel);
      }
      for (const destination of snapshot.archive_destinations) {
        shelf.load('archive_destinations', destination, destination.archive_destination_id);
        this.archiveDestinations.set(destination.archive_destination_id, destination);
      }
    }
  }

  /** Any tenant's channel: for the media plane, which serves channels by id alone. */
  findChannel(channelId: string): ChannelRecord | undefined {
    return this.channels.get(channelId);
  }

  /** The tenant's channel with this id; undefined for another tenant's. */
  findChannelOf(tenant: string, channelId: string): ChannelRecord | undefined {
    const channel = this.channels.get(channelId);
    return channel?.tenant === tenant ? channel : undefined;
  }

  /** The tenant's channels, counting changes not yet on disk: what a per-tenant limit compares with. */
  channelCountOf(tenant: string): number {
    return this.shelves.get(tenant)?.projectedCount('channels') ?? 0;
  }

  /** Stores a channel; resolves once it is on disk (at once without a data folder). */
  addChannel(channel: ChannelRecord): Promise<void> {
    return this.shelfOf(channel.tenant).put('channels', channel.channel_id, channel);
  }

  /** Forgets a channel; harmless when there is none. */
  async removeChannel(channelId: string): Promise<void> {
    const channel = this.channels.get(channelId);
    if (channel === undefined) return;
    await this.shelfOf(channel.tenant).remove('channels', channelId);
  }

  /** Any tenant's archive destination: for the media plane. */
  findArchiveDestination(archiveDestinationId: string): ArchiveDestinationRecord | undefined {
    return this.archiveDestinations.get(archiveDestinationId);
  }

  /** The tenant's archive destination with this id; undefined for another tenant's. */
  findArchiveDestinationOf(tenant: string, archiveDestinationId: string): ArchiveDestinationRecord | undefined {
    const destination = this.archiveDestinations.get(archiveDestinationId);
    return destination?.tenant === tenant ? destination : undefined;
  }

  /** In the order they were created. */
  listArchiveDestinationsOf(tenant: string): ArchiveDestinationRecord[] {
    return (this.shelves.get(tenant)?.list('archive_destinations') ?? []) as ArchiveDestinationRecord[];
  }

  /** Like channelCountOf. */
  archiveDestinationCountOf(tenant: string): number {
    return this.shelves.get(tenant)?.projectedCount('archive_destinations') ?? 0;
  }

  /** Stores an archive destination; resolves once it is on disk. */
  addArchiveDestination(destination: ArchiveDestinationRecord): Promise<void> {
    return this.shelfOf(destination.tenant).put('archive_destinations', destination.archive_destination_id, destination);
  }

  /** Forgets an archive destination; harmless when there is none. */
  async removeArchiveDestination(archiveDestinationId: string): Promise<void> {
    const destination = this.archiveDestinations.get(archiveDestinationId);
    if (destination === undefined) return;
    await this.shelfOf(destination.tenant).remove('archive_destinations', archiveDestinationId);
  }

  /** Resolves once every change accepted so far is on disk (or has failed): before the data folder is given up. */
  async settled(): Promise<void> {
    await Promise.all([...this.shelves.values()].map((shelf) => shelf.settled()));
  }

  /** The file that holds the tenant's records; undefined in memory. */
  fileOf(tenant: string): string | undefined {
    return this.folder?.fileOf(tenant);
  }

  private shelfOf(tenant: string): TenantShelf {
    let shelf = this.shelves.get(tenant);
    if (shelf === undefined) {
      const folder = this.folder;
      // Checked now, not at the first write: a tenant that cannot be a file name is a bug of the caller.
      folder?.fileOf(tenant);
      shelf = new TenantShelf({
        tenant,
        persist: folder === undefined ? undefined : (text) => folder.write(tenant, text),
        committed: (changes) => this.index(changes),
      });
      this.shelves.set(tenant, shelf);
    }
    return shelf;
  }

  /** Brings the lookups by id up to date with changes now on disk. */
  private index(changes: readonly Change[]): void {
    for (const { collection, id, entry } of changes) {
      const map: Map<string, ChannelRecord | ArchiveDestinationRecord> =
        collection === 'channels' ? this.channels : this.archiveDestinations;
      if (entry === undefined) map.delete(id);
      else map.set(id, entry.record);
    }
  }
}
