export * from './sessions.ts';
export * from './guard.ts';
export * from './cookies.ts';
