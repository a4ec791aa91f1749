export { buildApp, loggerOptions } from './app.ts';
export type { AppOptions } from './options.ts';
export { ApiError, type ErrorBody } from './errors.ts';
