export { buildApp, loggerOptions, type AppOptions } from './app.ts';
export { ApiError, type ErrorBody } from './errors.ts';
