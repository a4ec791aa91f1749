export * from './sessions.ts';
export * from './guard.ts';
