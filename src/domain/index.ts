export * from './identifiers.ts';
export * from './addressing.ts';
export * from './danish-time.ts';
export * from './permissions.ts';
export * from './mail-addresses.ts';
export * from './forwarding-rules.ts';
