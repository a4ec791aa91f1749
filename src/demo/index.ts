export { DEMO } from './identities.ts';
export { DEV_IDP_SUBJECT_PREFIX, seedDemoData } from './seed.ts';
