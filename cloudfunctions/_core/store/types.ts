/**
 * The store: everything the cloud functions persist, in domain terms. Two adapters implement it — SQLite
 * (`openSqliteStore`, local cloud and tests) and CloudBase (`createCloudBaseStore`, production) — and one contract
 * suite (test/store) holds both to the same behaviour. Handlers import from here and never see tables or collections.
 *
 * - records.ts  the records (drafts, policies, people, entrustments, applications, tasks, materials, outbox, audit …)
 * - areas.ts    the operations, by area, each a small interface; `AREAS` names their methods once; `Store`,
 *               `StoreTx`, `StoreReader`, `StoreWriter` compose them
 * - derived.ts  what both adapters derive alike: sort keys and cursors, page sizes, deterministic ids, the messages
 *               and trail entries of publishing
 * - errors.ts   `StoreConflictError`, `StoreUsageError`
 */
export * from './records';
export * from './publicity-records';
export * from './areas';
export * from './derived';
export * from './errors';
