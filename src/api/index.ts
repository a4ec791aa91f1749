export { buildApp, loggerOptions } from './app.ts';
export type { AppOptions } from './options.ts';
export { ApiError, type ErrorBody } from './errors.ts';
export { listenSystemTls, loadSystemTlsKeys, type SystemTlsListener } from './tls.ts';
