import type { FastifyInstance } from 'fastify';
import { buildApp, loggerOptions } from './api/index.ts';
import type { Config } from './config.ts';
import { seedDemoData } from './demo/index.ts';
import { RELEASE_JOB, releaseHandler, type SendContext } from './delivery/index.ts';
import { ensureEventChains, openStore, startWorker, type Store, type Worker } from './store/index.ts';

export interface Kuvert {
  app: FastifyInstance;
  store: Store;
  worker: Worker;
  ctx: SendContext;
  seeded: boolean;
  close(): Promise<void>;
}

export interface StartOptions {
  /** listen on config.host:config.port (false: only `app.inject`) */
  listen?: boolean;
  logger?: boolean;
  memory?: boolean;
  schema?: string;
  /** seed the demo data when configured (false in cluster workers: the primary did it) */
  seed?: boolean;
}

/** Migrates the database and seeds the demo data where configured, then closes it again. */
export async function prepareStore(config: Config): Promise<void> {
  const store = await openStore({ ...config, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) });
  try {
    await ensureEventChains(store.db, config.eventChains);
    if (config.demoData) await seedDemoData(store.db);
  } finally {
    await store.close();
  }
}

/** Opens the store, migrates, seeds the demo data where configured, and starts the API and the job worker. */
export async function startKuvert(config: Config, options: StartOptions = {}): Promise<Kuvert> {
  const schema = options.schema ?? config.databaseSchema;
  const store = await openStore({ ...config, ...(options.memory ? { memory: true } : {}), ...(schema ? { schema } : {}) });
  try {
    await ensureEventChains(store.db, config.eventChains);
    const seeded = config.demoData && options.seed !== false ? await seedDemoData(store.db) : false;
    const ctx: SendContext = { db: store.db, eventChains: config.eventChains };
    const app = await buildApp({
      ctx, config, bodyLimitBytes: config.bodyLimitBytes, publicUrl: config.publicUrl,
      ...(options.logger === false ? {} : { logger: loggerOptions(config.logLevel) }),
    });
    const worker = startWorker(store.db, { [RELEASE_JOB]: releaseHandler(config.eventChains) }, {
      pollMs: config.jobPollMs,
      onError: (job, err) => app.log.warn({ jobId: job.id, kind: job.kind, err }, 'job failed'),
    });
    if (options.listen !== false) await app.listen({ host: config.host, port: config.port });
    return {
      app, store, worker, ctx, seeded,
      async close() {
        await app.close();
        await worker.stop();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
