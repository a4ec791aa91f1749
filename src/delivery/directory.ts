import { parseCpr, parseCvr, Refusal, type RegistryEntry } from '../domain/index.ts';
import { appendEvents, contactPointDirectory, findRecipient, type AuthenticatedSystem, type DirectoryQuery } from '../store/index.ts';
import type { Contact, PublicContactPoint, RegistrationStatus } from '../contract/index.ts';
import type { SendContext } from './context.ts';

/** A recipient as a sender system may see it before sending: NgDP's `Contact` (src/contract/v1.ts). */
export type { Contact } from '../contract/index.ts';

function publicStatus(entry: RegistryEntry): RegistrationStatus {
  if (entry.status === 'closed') return 'CLOSED';
  return entry.status === 'exempt' ? 'EXEMPT' : 'REGISTERED';
}

/**
 * Looks a CPR or CVR number up for a sender system: whether it has a mailbox and whether it takes
 * Digital Post. Every look-up is an event (naming the mailbox, never the number).
 */
export async function lookUpContact(ctx: SendContext, system: AuthenticatedSystem, query: { cprNumber?: string; cvrNumber?: string }): Promise<Contact[]> {
  if ((query.cprNumber === undefined) === (query.cvrNumber === undefined)) {
    throw new Refusal('invalid', 'REQUEST_INVALID', 'Give exactly one of cprNumber and cvrNumber.');
  }
  const idType = query.cprNumber !== undefined ? 'CPR' : 'CVR';
  const id = idType === 'CPR' ? parseCpr(query.cprNumber!) : parseCvr(query.cvrNumber!);
  if (!id) throw new Refusal('invalid', 'REQUEST_INVALID', `The ${idType} number is not well-formed.`);
  const entry = await findRecipient(ctx.db, idType, id);
  await appendEvents(ctx.db, ctx.eventChains, [{
    type: idType === 'CPR' ? 'CPR_LOOKED_UP' : 'CVR_LOOKED_UP', actor: `system:${system.id}`,
    mailboxId: entry?.mailboxId ?? null, data: { found: entry !== undefined },
  }]);
  if (!entry || entry.mailboxId === null) return [];
  return [{
    type: entry.kind === 'citizen' ? 'CITIZEN' : 'COMPANY',
    ...(idType === 'CPR' ? { cprNumber: id } : { cvrNumber: id }),
    ...(entry.kind !== 'citizen' ? { productionUnits: [...entry.pNumbers] } : {}),
    mailboxSubscription: { publicRegistrationStatus: publicStatus(entry) },
  }];
}

/** The public directory of contact points citizens and companies can write to (the visible ones; hidden ones take mail by id), a page at a time. */
export async function listPublicContactPoints(ctx: SendContext, query: DirectoryQuery): Promise<{ total: number; contactPoints: PublicContactPoint[] }> {
  const { rows, total } = await contactPointDirectory(ctx.db, query);
  return {
    total,
    contactPoints: rows.map((r) => ({
      id: r.id, name: r.name, description: r.description, organisationId: r.organisation_id, organisationCvr: r.cvr,
      organisationName: r.organisation_name, contactGroups: r.contact_group ? [r.contact_group] : [],
      memoSizeThresholdMB: r.memo_size_threshold_mb, allowedNumberOfAttachments: r.allowed_attachments, parentId: r.parent_id,
    })),
  };
}
