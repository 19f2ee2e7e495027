import type { ArchiveDestinationRecord, ChannelRecord } from '../media-seam.js';
import { renderTenantSnapshot } from './tenant-snapshot.js';

export type Collection = 'channels' | 'archive_destinations';

/** A record and its JSON, serialized once when it is added and reused by every later write. */
interface Entry {
  record: ChannelRecord | ArchiveDestinationRecord;
  json: string;
}

/** One change: a record put under its id, or (entry undefined) the id removed. */
export interface Change {
  collection: Collection;
  id: string;
  entry: Entry | undefined;
}

type Shelves = Record<Collection, Map<string, Entry>>;

interface Waiting {
  change: Change;
  resolve(): void;
  reject(error: unknown): void;
}

export interface TenantShelfOptions {
  tenant: string;
  /** Stores the tenant's file; resolves once durable. Undefined keeps the records in memory only. */
  persist: ((text: string) => Promise<void>) | undefined;
  /** Called with the changes of each write once it is durable, before their callers hear of it. */
  committed(changes: readonly Change[]): void;
}

/**
 * One tenant's records and the writes of its file. A change is kept in memory only once the file
 * holding it is durable, so nothing is ever served that a crash would lose. While a write is in
 * flight, further changes wait and then go to disk together in one write (the file is whole each
 * time, so only the last content matters): a burst of N changes costs two writes, not N.
 */
export class TenantShelf {
  /** The tenant (hashed access token) whose records these are. */
  readonly tenant: string;
  private readonly options: TenantShelfOptions;
  private shelves: Shelves = { channels: new Map(), archive_destinations: new Map() };
  private inFlight: readonly Change[] = [];
  private waiting: Waiting[] = [];
  /** The write loop while it runs. */
  private draining: Promise<void> | undefined;

  constructor(options: TenantShelfOptions) {
    this.tenant = options.tenant;
    this.options = options;
  }

  /** Puts records read from disk, without writing them back. */
  load(collection: Collection, record: ChannelRecord | ArchiveDestinationRecord, id: string): void {
    this.shelves[collection].set(id, { record, json: JSON.stringify(record) });
  }

  /** A durable record by id. */
  get(collection: Collection, id: string): ChannelRecord | ArchiveDestinationRecord | undefined {
    return this.shelves[collection].get(id)?.record;
  }

  /** Durable records, in the order they were added. */
  list(collection: Collection): Array<ChannelRecord | ArchiveDestinationRecord> {
    return [...this.shelves[collection].values()].map((entry) => entry.record);
  }

  /** Records there will be once every change accepted so far is on disk: what a per-tenant limit counts. */
  projectedCount(collection: Collection): number {
    const ids = new Set(this.shelves[collection].keys());
    for (const change of [...this.inFlight, ...this.waiting.map((waiting) => waiting.change)]) {
      if (change.collection !== collection) continue;
      if (change.entry === undefined) ids.delete(change.id);
      else ids.add(change.id);
    }
    return ids.size;
  }

  /** Adds or replaces a record; resolves once the change is on disk. */
  put(collection: Collection, id: string, record: ChannelRecord | ArchiveDestinationRecord): Promise<void> {
    return this.change({ collection, id, entry: { record, json: JSON.stringify(record) } });
  }

  /** Removes a record; resolves once the change is on disk. */
  remove(collection: Collection, id: string): Promise<void> {
    return this.change({ collection, id, entry: undefined });
  }

  /** Resolves when every change accepted so far has been written (or has failed). */
  settled(): Promise<void> {
    return this.draining ?? Promise.resolve();
  }

  private change(change: Change): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ change, resolve, reject }));
    this.draining ??= this.drain();
    return done;
  }

  /** Writes batches until nothing waits; one loop at a time per tenant. */
  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting;
        this.waiting = [];
        this.inFlight = batch.map((waiting) => waiting.change);
        const next = applied(this.shelves, this.inFlight);
        try {
          await this.options.persist?.(
            renderTenantSnapshot(
              this.tenant,
              [...next.channels.values()].map((entry) => entry.json),
              [...next.archive_destinations.values()].map((entry) => entry.json),
            ),
          );
        } catch (error) {
          // Not on disk, so not in memory either; the changes queued behind it are written without them.
          this.inFlight = [];
          for (const waiting of batch) waiting.reject(error);
          continue;
        }
        this.shelves = next;
        this.inFlight = [];
        this.options.committed(batch.map((waiting) => waiting.change));
        for (const waiting of batch) waiting.resolve();
      }
    } finally {
      this.draining = undefined;
    }
  }
}

function applied(shelves: Shelves, changes: readonly Change[]): Shelves {
  const next: Shelves = { channels: new Map(shelves.channels), archive_destinations: new Map(shelves.archive_destinations) };
  for (const { collection, id, entry } of changes) {
    if (entry === undefined) next[collection].delete(id);
    else next[collection].set(id, entry);
  }
  return next;
}
