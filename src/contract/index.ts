/**
 * The wire contract: every shape `/apis/v1` and `/api` take and give, declared once with TypeBox.
 * Fastify validates requests and serialises answers with these schemas, /docs/json is generated from
 * them, and the services and the web app use their static types (`Static<typeof X>`, exported under
 * the same name as the schema). Pure: imports nothing but `typebox`, does no I/O.
 */
export * from './common.ts';
export * from './errors.ts';
export * from './v1.ts';
export * from './portal.ts';
export * from './drafts.ts';
export * from './secure-mail.ts';
export * from './certificates.ts';
export * from './admin.ts';
export * from './operator.ts';
export * from './rules.ts';
export * from './notifications.ts';
export * from './emptying.ts';
export * from './statistics.ts';
export * from './monitoring.ts';
export * from './audit.ts';
export * from './doctor.ts';
