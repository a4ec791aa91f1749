import { ApiError } from '../api/errors.ts';
import type { Principal } from '../domain/index.ts';
import type { Db } from '../store/index.ts';
import { requireMailbox, requireWrite, type PortalContext } from './access.ts';
import { ATTACHMENT_TYPES, type AttachmentInput } from './attachments.ts';
import { sendFromPortal, type Sent } from './write.ts';

export interface ContactPointView {
  id: string;
  name: string;
  description: string;
  contactGroup: string | null;
  organisationId: string;
  organisationName: string;
  organisationCvr: string;
  memoSizeThresholdMB: number;
  allowedNumberOfAttachments: number;
  allowedContentTypes: string[];
}

const LIMIT = 100;

function writable(db: Db) {
  return db.selectFrom('contact_point').innerJoin('organisation', 'organisation.id', 'contact_point.organisation_id')
    .innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .where('contact_point.active', '=', true).where('contact_point.visible', '=', true)
    .where('organisation.status', '=', 'active').where('mailbox.status', '=', 'active')
    .select([
      'contact_point.id', 'contact_point.name', 'contact_point.description', 'contact_point.contact_group', 'contact_point.memo_size_threshold_mb',
      'contact_point.allowed_attachments', 'organisation.id as organisation_id', 'organisation.name as organisation_name', 'organisation.cvr',
    ]);
}

/** Contact points people can write to (active, visible, of an organisation with an open mailbox), by words in their names. */
export async function listContactPoints(ctx: PortalContext, q: string | undefined): Promise<ContactPointView[]> {
  let query = writable(ctx.db);
  const words = q?.trim().split(/\s+/).filter(Boolean).slice(0, 8) ?? [];
  for (const word of words) {
    const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([
      eb('contact_point.name', 'ilike', pattern), eb('contact_point.description', 'ilike', pattern),
      eb('contact_point.contact_group', 'ilike', pattern), eb('organisation.name', 'ilike', pattern),
    ]));
  }
  const rows = await query.orderBy('organisation.name').orderBy('contact_point.name').orderBy('contact_point.id').limit(LIMIT).execute();
  return rows.map((r) => ({
    id: r.id, name: r.name, description: r.description, contactGroup: r.contact_group,
    organisationId: r.organisation_id, organisationName: r.organisation_name, organisationCvr: r.cvr,
    memoSizeThresholdMB: r.memo_size_threshold_mb, allowedNumberOfAttachments: r.allowed_attachments,
    allowedContentTypes: ATTACHMENT_TYPES.map((t) => t.contentType),
  }));
}

export interface NewMessageInput {
  contactPointId: string;
  label: string;
  text: string;
  attachments: readonly AttachmentInput[];
}

/** A new message (not a reply) from a mailbox to a contact point. */
export async function writeToContactPoint(ctx: PortalContext, principal: Principal, mailboxId: string, input: NewMessageInput): Promise<Sent> {
  const access = requireMailbox(principal, mailboxId);
  requireWrite(access);
  const contactPoint = await writable(ctx.db).where('contact_point.id', '=', input.contactPointId).executeTakeFirst();
  if (!contactPoint) throw new ApiError(404, 'CONTACT_POINT_NOT_FOUND', 'No such contact point (or it does not take messages).');
  const label = input.label.normalize('NFC').trim();
  if (label.length === 0 || [...label].length > 256 || /[\u0000-\u001f\u007f]/.test(label)) {
    throw new ApiError(400, 'LABEL_INVALID', 'The title has 1 to 256 characters and no control characters.');
  }
  return sendFromPortal(ctx, principal, {
    mailboxId,
    recipientOrganisationId: contactPoint.organisation_id,
    contactPoint,
    label,
    text: input.text,
    attachments: input.attachments,
  });
}
