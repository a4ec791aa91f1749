import type { MailboxInfo } from '../contract/index.ts';
import type { Principal } from '../domain/index.ts';
import { mailboxesWithOwners } from '../store/index.ts';
import type { PortalContext } from './access.ts';

/** The mailboxes a person may open: their own as a citizen first, then their organisations'. */
export async function mailboxesOf(ctx: PortalContext, principal: Principal): Promise<MailboxInfo[]> {
  const ids = [...(principal.citizenMailboxId ? [principal.citizenMailboxId] : []), ...principal.memberships.filter((m) => m.activated).map((m) => m.mailboxId)];
  const byId = new Map((await mailboxesWithOwners(ctx.db, ids)).map((r) => [r.id, r]));
  return ids.flatMap((id): MailboxInfo[] => {
    const row = byId.get(id);
    if (!row) return [];
    const membership = principal.memberships.find((m) => m.mailboxId === id);
    return [{
      id, level: row.level,
      ownerName: row.organisation_name ?? row.citizen_name ?? '',
      ownerKind: row.cvr ? 'organisation' : 'citizen',
      ...(row.cvr ? { cvr: row.cvr } : {}),
      ...(membership ? { role: membership.role, folderLimited: membership.folderIds !== null, organisationId: membership.organisationId } : {}),
    }];
  });
}
