import { StartupError } from '../startup-error.js';

/** Another emulator holds the data folder: two writers would silently overwrite each other's records. */
export class DataDirLockedError extends StartupError {
  /** The error's name, as logs show it. */
  override readonly name = 'DataDirLockedError';
  /** The data folder another emulator holds. */
  readonly dataDir: string;
  /** The process id of the emulator that holds it. */
  readonly holderPid: number;

  constructor(dataDir: string, lockPath: string, holderPid: number) {
    super(
      `the data folder ${dataDir} is in use by another emulator (pid ${holderPid}, see ${lockPath}). ` +
        'Stop that emulator or pass another --data-dir. If no emulator runs as that pid, remove the lock file.',
    );
    this.dataDir = dataDir;
    this.holderPid = holderPid;
  }
}
