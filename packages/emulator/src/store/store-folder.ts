import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchiveDestinationRecord, ChannelRecord } from '../media-seam.js';
import { removeAbandonedTempFiles, replaceFile, replaceFileSync } from './atomic-file.js';
import { StoreFileError } from './store-file-error.js';
import { parseJson, parseTenantSnapshot, renderTenantSnapshot, type TenantSnapshot } from './tenant-snapshot.js';
import { isJsonObject } from '../json-object.js';

/** Folder of the data folder that holds one `<tenant>.json` per tenant. */
export const STORE_FOLDER_NAME = 'store';
/** The single file of every tenant that emulators before version 2 of the format wrote; migrated on open. */
export const LEGACY_STORE_FILE_NAME = 'store.json';

/** Tenants are hashes (tenant.ts); anything else would not be a safe file name. */
const TENANT_PATTERN = /^[0-9A-Za-z_-]{1,64}$/;

/** The store's files inside a data folder: reads them all at startup, replaces one tenant's file at a time. */
export class StoreFolder {
  /** The data folder given with --data-dir. */
  readonly dataDir: string;
  /** The folder the tenants' files are in. */
  readonly path: string;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    this.path = join(dataDir, STORE_FOLDER_NAME);
  }

  /** The file that holds one tenant's records. */
  fileOf(tenant: string): string {
    if (!TENANT_PATTERN.test(tenant)) throw new Error(`not a tenant id: ${JSON.stringify(tenant)}`);
    return join(this.path, `${tenant}.json`);
  }

  /** Every tenant's records. Synchronous: it runs once, before the emulator listens. Throws StoreFileError for a file it cannot use. */
  load(): TenantSnapshot[] {
    mkdirSync(this.path, { recursive: true });
    removeAbandonedTempFiles(this.dataDir, LEGACY_STORE_FILE_NAME);
    removeAbandonedTempFiles(this.path);
    this.migrateLegacyFile();
    const snapshots: TenantSnapshot[] = [];
    for (const name of readdirSync(this.path).sort()) {
      const tenant = /^(.+)\.json$/.exec(name)?.[1];
      if (tenant === undefined || !TENANT_PATTERN.test(tenant)) continue;
      const path = join(this.path, name);
      snapshots.push(parseTenantSnapshot(path, readText(path), tenant));
    }
    return snapshots;
  }

  /** Replaces the tenant's file, off the event loop; resolves once it is durable. */
  write(tenant: string, text: string): Promise<void> {
    return replaceFile(this.fileOf(tenant), text);
  }

  /**
   * Splits a version-1 `store.json` into tenant files, then removes it. A run killed half way
   * finds `store.json` again and does it all again: the tenant files are only ever written from it
   * until it is gone.
   */
  private migrateLegacyFile(): void {
    const path = join(this.dataDir, LEGACY_STORE_FILE_NAME);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new StoreFileError(path, `cannot be read (${(error as Error).message})`);
    }
    const parsed = parseJson(path, text) as { version?: unknown; channels?: unknown; archive_destinations?: unknown } | null;
    if (!isJsonObject(parsed) || parsed.version !== 1 || !Array.isArray(parsed.channels) || !Array.isArray(parsed.archive_destinations)) {
      throw new StoreFileError(path, 'not an ifls-emulator store file (version 1, with "channels" and "archive_destinations")');
    }
    const tenants = new Map<string, { channels: string[]; destinations: string[] }>();
    const shelfOf = (record: { tenant?: unknown }, at: string) => {
      const tenant = record?.tenant;
      if (typeof tenant !== 'string' || !TENANT_PATTERN.test(tenant)) throw new StoreFileError(path, `${at} has no valid "tenant"`);
      let shelf = tenants.get(tenant);
      if (shelf === undefined) tenants.set(tenant, (shelf = { channels: [], destinations: [] }));
      return shelf;
    };
    (parsed.channels as ChannelRecord[]).forEach((channel, index) =>
      shelfOf(channel, `channels[${index}]`).channels.push(JSON.stringify(channel)),
    );
    (parsed.archive_destinations as ArchiveDestinationRecord[]).forEach((destination, index) =>
      shelfOf(destination, `archive_destinations[${index}]`).destinations.push(JSON.stringify(destination)),
    );
    for (const [tenant, shelf] of tenants) {
      replaceFileSync(this.fileOf(tenant), renderTenantSnapshot(tenant, shelf.channels, shelf.destinations));
    }
    rmSync(path);
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new StoreFileError(path, `cannot be read (${(error as Error).message})`);
  }
}
