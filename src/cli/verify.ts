import { loadConfig } from '../config.ts';
import { openStore, verifyEvents } from '../store/index.ts';
import { stdout, env } from './io.ts';

export async function verifyEventsCommand(): Promise<number> {
  const config = loadConfig(env());
  const store = await openStore({ ...config, ...(config.databaseSchema ? { schema: config.databaseSchema } : {}) });
  try {
    const result = await verifyEvents(store.db);
    stdout(`${result.events} events in ${result.chains} chains: ${result.ok ? 'intact' : `${result.problems.length} problem(s)`}\n`);
    for (const p of result.problems) stdout(`  chain ${p.chain} event ${p.seq}: ${p.problem}\n`);
    return result.ok ? 0 : 2;
  } finally {
    await store.close();
  }
}
