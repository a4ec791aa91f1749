import type { MemoMessage } from '../memo/index.ts';
import { activeDefaultMaterialOfSystem, activeMaterialByCode, organisationHasMaterials, type LetterMaterial } from '../store/index.ts';
import type { Author, SendContext } from './context.ts';

/** A letter's material, none, or `unknown`: it names by messageCode no active material of its sender. */
export type MaterialVerdict = { material: LetterMaterial | null } | 'unknown';

/**
 * The material a letter is accepted with (docs/admin.md, "Materials and subscription groups"): the
 * active material of the sending organisation its MeMo messageCode names, else the sending system's
 * default material. An organisation that has defined no material keeps sending as before: its
 * messageCode is not checked.
 */
export async function materialOf(ctx: SendContext, author: Author, memo: MemoMessage): Promise<MaterialVerdict> {
  const code = memo.header.messageCode?.trim();
  if (code) {
    if (author.organisationId === null) return { material: null };
    const material = await activeMaterialByCode(ctx.db, author.organisationId, code);
    if (material) return { material };
    return await organisationHasMaterials(ctx.db, author.organisationId) ? 'unknown' : { material: null };
  }
  return { material: author.systemId === null ? null : await activeDefaultMaterialOfSystem(ctx.db, author.systemId) ?? null };
}
