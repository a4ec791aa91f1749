export { DEMO } from './identities.ts';
export { seedDemoData } from './seed.ts';
