export { DEV_IDP_PATH, DEV_IDP_SUBJECT_PREFIX, devIdpIssuer } from './constants.ts';
export type { Markup, PageKit } from './pages.ts';
export { TEST_BANNER_TEXT } from './pages.ts';
export { devIdpRoutes, type DevIdpOptions } from './plugin.ts';
