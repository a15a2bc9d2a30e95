/** Private file storage for materials: the interface, the local adapter, the CloudBase adapter, file checks. */
export * from './types';
export { createLocalFileStorage, isStoragePath, type LocalFileStorage, type LocalFileStorageOptions } from './local';
export { createCloudFileStorage, type CloudStorageLike } from './cloudbase';
export { sniffMime } from './sniff';
