export * from './attempts.ts';
export * from './limits.ts';
export * from './login-state.ts';
export * from './relying-party.ts';
export * from './return-to.ts';
export * from './sessions.ts';
export * from './tokens.ts';
export * from './users.ts';
