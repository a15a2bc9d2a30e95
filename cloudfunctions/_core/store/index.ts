/** The store: interface by area, SQLite adapter (local cloud, tests), CloudBase adapter (production). */
export * from './types';
export { GROUP_MAX, openSqliteStore, SQLITE_MIGRATIONS, type SqliteStore } from './sqlite';
export {
  CLOUDBASE_MAX_LIMIT,
  COLLECTIONS,
  createCloudBaseStore,
  type CloudBaseCollection,
  type CloudBaseCommand,
  type CloudBaseDbLike,
  type CloudBaseDoc,
  type CloudBaseDocRef,
  type CloudBaseQuery,
} from './cloudbase';
