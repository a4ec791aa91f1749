export * from './identifiers.ts';
export * from './addressing.ts';
export * from './danish-time.ts';
export * from './permissions.ts';
