export { DEMO } from './identities.ts';
export { seedDemoData } from './seed.ts';
export * from './dev-idp/index.ts';
