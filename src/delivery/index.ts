export * from './receipt.ts';
export * from './send.ts';
export * from './release.ts';
export * from './fetch.ts';
