import type { RequestOf, ResponseOf, Target } from '@ifls/api';
import type { FileArchiveRoot } from '../file-archive-root.js';
import type { MediaPlaneSeam } from '../media-seam.js';
import type { Store } from '../store.js';

/** What every handler works with. */
export interface TargetContext {
  store: Store;
  media: MediaPlaneSeam;
  /** Where file:// archive destinations may point. */
  fileArchiveRoot: FileArchiveRoot;
}

/**
 * Answers one target for one tenant. `request` has passed `validateRequest`; failures are
 * thrown as `ApiError`.
 */
export type TargetHandler<T extends Target> = (tenant: string, request: RequestOf<T>) => ResponseOf<T> | Promise<ResponseOf<T>>;

export type TargetHandlers = { [T in Target]: TargetHandler<T> };
