export * from './receipt.ts';
export * from './accept.ts';
export * from './send.ts';
export * from './release.ts';
export * from './fetch.ts';
export * from './summary.ts';
export * from './compose.ts';
