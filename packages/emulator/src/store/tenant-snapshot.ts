/**
 * The file format of one tenant's records: compact JSON, one file per tenant, so that a change of
 * one tenant never rewrites another's data. Version 1 was one indented file for every tenant
 * (store-folder.ts migrates it).
 */
import type { ArchiveDestinationRecord, ChannelRecord } from '../media-seam.js';
import { StoreFileError } from './store-file-error.js';
import { isJsonObject } from '../json-object.js';

export const SNAPSHOT_VERSION = 2;

export interface TenantSnapshot {
  version: typeof SNAPSHOT_VERSION;
  tenant: string;
  channels: ChannelRecord[];
  archive_destinations: ArchiveDestinationRecord[];
}

/**
 * The file's text from each record's JSON, already serialized: a write costs a join of strings,
 * not a new serialization of every record.
 */
export function renderTenantSnapshot(tenant: string, channelJson: Iterable<string>, archiveDestinationJson: Iterable<string>): string {
  return (
    `{"version":${SNAPSHOT_VERSION},"tenant":${JSON.stringify(tenant)},` +
    `"channels":[${[...channelJson].join(',')}],"archive_destinations":[${[...archiveDestinationJson].join(',')}]}\n`
  );
}

/** Reads the text of `path`, the file of `tenant`; throws StoreFileError saying what is wrong with it. */
export function parseTenantSnapshot(path: string, text: string, tenant: string): TenantSnapshot {
  const parsed = parseJson(path, text);
  const snapshot = parsed as Partial<TenantSnapshot>;
  if (
    !isJsonObject(parsed) ||
    snapshot.version !== SNAPSHOT_VERSION ||
    !Array.isArray(snapshot.channels) ||
    !Array.isArray(snapshot.archive_destinations)
  ) {
    throw new StoreFileError(
      path,
      `not an ifls-emulator store file (version ${SNAPSHOT_VERSION}, with "channels" and "archive_destinations")`,
    );
  }
  if (snapshot.tenant !== tenant) throw new StoreFileError(path, 'holds the records of another tenant than its name says');
  snapshot.channels.forEach((channel, index) => checkRecord(path, `channels[${index}]`, channel, 'channel_id', tenant));
  snapshot.archive_destinations.forEach((destination, index) =>
    checkRecord(path, `archive_destinations[${index}]`, destination, 'archive_destination_id', tenant),
  );
  return snapshot as TenantSnapshot;
}

/** JSON.parse, its error turned into one that names the file and the position. */
export function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes the text around the fault, newlines and all: one line reads better in a terminal.
    throw new StoreFileError(path, `not valid JSON (${(error as Error).message.replace(/\s+/g, ' ').trim()})`);
  }
}

function checkRecord(path: string, at: string, record: unknown, idKey: string, tenant: string): void {
  if (!isJsonObject(record) || typeof record[idKey] !== 'string') {
    throw new StoreFileError(path, `${at} is not a record with a "${idKey}"`);
  }
  if (record.tenant !== tenant) throw new StoreFileError(path, `${at} belongs to another tenant than the file`);
}
