export { startEmulator, type EmulatorOptions, type RunningEmulator } from './emulator.js';
export { MAX_BODY_BYTES } from './api/api-endpoint.js';
export { createChannelCurl } from './startup-banner.js';
export type { ArchiveDestinationRecord, ChannelRecord, MediaPlaneOptions, MediaPlaneSeam, PushAudience } from './media-seam.js';
export { StartupError } from './startup-error.js';
export { DataDirLockedError } from './store/data-dir-locked-error.js';
export { StoreFileError } from './store/store-file-error.js';
