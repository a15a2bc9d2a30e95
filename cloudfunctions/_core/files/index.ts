/** Private file storage for materials: the interface, the local adapter, the CloudBase adapter, file checks. */
export * from './types';
export {
  createLocalFileStorage,
  isStoragePath,
  loadOrCreateKey,
  StoredOnceError,
  type LocalFileStorage,
  type LocalFileStorageOptions,
  type SweepResult,
} from './local';
export { createCloudFileStorage, SEALED_PREFIX, type CloudStorageLike } from './cloudbase';
export { sniffMime } from './sniff';
