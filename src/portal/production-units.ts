import type { Principal } from '../domain/index.ts';
import { attentionPersons, productionUnitNames, productionUnitsOfMailbox, type Executor } from '../store/index.ts';
import type { MessageFilters, Summary } from '../contract/index.ts';
import { requireMailbox, visibleFolders, type PortalContext } from './access.ts';

export type { MessageFilters } from '../contract/index.ts';

/** Summaries with the names of their P-units, looked up in one query for the page. */
export async function withPUnitNames<S extends Summary>(db: Executor, summaries: S[]): Promise<S[]> {
  const names = await productionUnitNames(db, summaries.flatMap((s) => (s.pNumber ? [s.pNumber] : [])));
  return summaries.map((s) => ({ ...s, pUnitName: s.pNumber ? names.get(s.pNumber) ?? null : null }));
}

/** The name of one P-unit (a message opened), or null. */
export async function pUnitName(db: Executor, pNumber: string | null | undefined): Promise<string | null> {
  if (!pNumber) return null;
  return (await productionUnitNames(db, [pNumber])).get(pNumber) ?? null;
}

/**
 * What the mailbox's list can be narrowed to: the owning organisation's P-units, and the attention
 * persons of the letters in the folders the principal sees. Nothing for a citizen's mailbox.
 */
export async function messageFilters(ctx: PortalContext, principal: Principal, mailboxId: string): Promise<MessageFilters> {
  const access = requireMailbox(principal, mailboxId);
  if (access.role === 'owner') return { productionUnits: [], attentionPersons: [] };
  const folders = await visibleFolders(ctx.db, access, mailboxId);
  const [units, persons] = await Promise.all([
    productionUnitsOfMailbox(ctx.db, mailboxId),
    attentionPersons(ctx.db, mailboxId, folders.map((f) => f.id)),
  ]);
  return { productionUnits: units.map((u) => ({ pNumber: u.p_number, name: u.name })), attentionPersons: persons };
}
