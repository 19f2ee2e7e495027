import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataDirLockedError } from './data-dir-locked-error.js';
import { isProcessRunning } from '../process-running.js';

/** Name of the lock file inside the data folder. */
export const LOCK_FILE_NAME = 'emulator.lock';

interface Holder {
  pid: number;
  /** Tells this emulator's lock from a later one of the same pid (another emulator in the same process). */
  nonce: string;
}

/**
 * One emulator per data folder: two would each keep their own copy of the records and overwrite
 * each other's files. The lock file is made whole and at once (written aside, then hard-linked
 * into place, which fails if the name exists), so no one ever reads a half-written holder. A lock
 * whose pid no longer runs (an emulator killed with SIGKILL) is stale and is taken over.
 */
export class DataDirLock {
  /** The lock file's path. */
  readonly path: string;
  private readonly holder: Holder;
  private released = false;

  private constructor(path: string, holder: Holder) {
    this.path = path;
    this.holder = holder;
  }

  /** Takes the folder's lock, or throws DataDirLockedError naming the folder and the pid holding it. */
  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, LOCK_FILE_NAME);
    const holder: Holder = { pid: process.pid, nonce: randomBytes(8).toString('hex') };
    // Three tries: each failed one removed a stale lock, or lost a race for it to another emulator.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (tryCreate(path, holder)) return new DataDirLock(path, holder);
      const current = readHolder(path);
      if (current !== undefined && isProcessRunning(current.pid)) throw new DataDirLockedError(dataDir, path, current.pid);
      removeStale(path, current);
    }
    const current = readHolder(path);
    throw new DataDirLockedError(dataDir, path, current?.pid ?? -1);
  }

  /** Removes the lock if it is still this one. Safe to call twice. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const current = readHolder(this.path);
    if (current?.pid === this.holder.pid && current.nonce === this.holder.nonce) rmSync(this.path, { force: true });
  }
}

function tryCreate(path: string, holder: Holder): boolean {
  const aside = `${path}.${holder.nonce}.new`;
  writeFileSync(aside, `${JSON.stringify(holder)}\n`, { mode: 0o644 });
  try {
    linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

/** The holder the file names; undefined when there is no file or it is not one of ours (then it is stale too). */
function readHolder(path: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    if (Number.isSafeInteger(parsed.pid) && (parsed.pid as number) > 0 && typeof parsed.nonce === 'string') return parsed as Holder;
  } catch {
    // missing or unreadable: stale
  }
  return undefined;
}

/**
 * Moves the stale lock aside before deleting it: of two emulators taking it over at once only one
 * can move it, and if what was moved turns out to be a fresh lock (the other one won meanwhile),
 * it is put back.
 */
function removeStale(path: string, stale: Holder | undefined): void {
  const aside = `${path}.${randomBytes(8).toString('hex')}.stale`;
  try {
    renameSync(path, aside);
  } catch {
    return; // gone already: someone else took it over, or released it
  }
  const moved = readHolder(aside);
  const sameAsJudged = moved?.pid === stale?.pid && moved?.nonce === stale?.nonce;
  if (!sameAsJudged && moved !== undefined && isProcessRunning(moved.pid)) {
    try {
      linkSync(aside, path);
    } catch {
      // a third one holds it now: it keeps it
    }
  }
  rmSync(aside, { force: true });
}
