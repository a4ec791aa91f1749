export * from './database.ts';
export * from './schema.ts';
export * from './events.ts';
export * from './jobs.ts';
export * from './blobs.ts';
export * from './document.ts';
export * from './registry.ts';
export * from './messages.ts';
export { DataDirLockedError } from './data-lock.ts';
