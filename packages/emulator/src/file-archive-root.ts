import { mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { parseBucketUri } from '@ifls/api';
import { StartupError } from './startup-error.js';

/**
 * The one folder `file://` archive destinations may point into, chosen by the emulator's operator
 * (`--archive-root`). Without it they are refused: a tenant of the API must not be able to make
 * the emulator write wherever its user may (`/etc/cron.d/`, the emulator's own data folder).
 * Folders are compared after resolving `..` and symbolic links, so a link inside the root that
 * points out of it does not get through.
 */
export class FileArchiveRoot {
  /** The root, real path; undefined when `file://` archives are off. */
  readonly path: string | undefined;

  /** Creates the folder if needed; a folder it cannot create or resolve is a StartupError. */
  constructor(root: string | undefined) {
    if (root === undefined) {
      this.path = undefined;
      return;
    }
    try {
      mkdirSync(root, { recursive: true });
      this.path = realpathSync(root);
    } catch (error) {
      throw new StartupError(`--archive-root ${root} cannot be used as a folder (${(error as Error).message}).`);
    }
  }

  /** Why the emulator will not archive to `bucketUri`, or undefined when it will (every s3:// and gs:// URI). */
  refusalOf(bucketUri: string): string | undefined {
    const location = parseBucketUri(bucketUri, { allowFile: true });
    if (location?.scheme !== 'file') return undefined;
    if (this.path === undefined) {
      return 'file:// archive destinations are off in this emulator; its operator allows them inside one folder with --archive-root <folder> (startEmulator({ archiveRoot }))';
    }
    const folder = realPathOfMaybeMissing(location.prefix);
    if (folder === this.path || folder.startsWith(this.path.endsWith(sep) ? this.path : this.path + sep)) return undefined;
    return `file:// archive destinations must be inside ${this.path} (the emulator's --archive-root); this one resolves to ${folder}`;
  }
}

/**
 * The real path `path` would have: the real path of its deepest ancestor that resolves, followed
 * by the parts that do not exist yet (they cannot be links).
 */
function realPathOfMaybeMissing(path: string): string {
  const missing: string[] = [];
  let at = resolve(path);
  for (;;) {
    try {
      return join(realpathSync(at), ...missing);
    } catch {
      // Missing, or not resolvable (a file in the way, a loop, no permission): a write there fails too.
      const parent = dirname(at);
      if (parent === at) return join(at, ...missing);
      missing.unshift(basename(at));
      at = parent;
    }
  }
}
