import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ArchiveDestinationRecord, ChannelRecord } from '../media-seam.js';

/** Everything the store keeps, as written to disk. */
export interface Snapshot {
  version: 1;
  channels: ChannelRecord[];
  archive_destinations: ArchiveDestinationRecord[];
}

const TEMP_SUFFIX = '.tmp';

/**
 * One JSON file holding the whole store. Every write replaces it atomically (temp file in the same
 * folder, fsync, rename, fsync of the folder), so a process killed at any moment leaves either the
 * old or the new content, never a torn file.
 */
export class SnapshotFile {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** The stored snapshot, or undefined when there is no file yet. Throws on a file it cannot read. */
  read(): Snapshot | undefined {
    mkdirSync(dirname(this.path), { recursive: true });
    this.removeAbandonedTempFiles();
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed: unknown = JSON.parse(text);
    if (!isSnapshot(parsed)) throw new Error(`${this.path} is not an ifls-emulator store (version 1)`);
    return parsed;
  }

  write(snapshot: Snapshot): void {
    const folder = dirname(this.path);
    const tempPath = join(folder, `${basename(this.path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    const descriptor = openSync(tempPath, 'w', 0o600);
    try {
      writeSync(descriptor, JSON.stringify(snapshot, null, 2) + '\n');
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(tempPath, this.path);
    syncFolder(folder);
  }

  /** Temp files left by a process killed between write and rename. */
  private removeAbandonedTempFiles(): void {
    const prefix = `${basename(this.path)}.`;
    for (const name of readdirSync(dirname(this.path))) {
      if (name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX)) {
        rmSync(join(dirname(this.path), name), { force: true });
      }
    }
  }
}

/** Makes the rename itself durable. Some platforms (Windows) cannot open folders; the rename is still atomic there. */
function syncFolder(folder: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(folder, 'r');
    fsyncSync(descriptor);
  } catch {
    // best effort, see above
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

function isSnapshot(value: unknown): value is Snapshot {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Snapshot>;
  return candidate.version === 1 && Array.isArray(candidate.channels) && Array.isArray(candidate.archive_destinations);
}
