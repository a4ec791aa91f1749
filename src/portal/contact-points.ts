import { Refusal, type Principal } from '../domain/index.ts';
import type { ContactPoint, Sent } from '../contract/index.ts';
import { findWritableContactPoint, mailboxOwner, searchWritableContactPoints, type ContactPointWriter } from '../store/index.ts';
import { requireMailbox, requireWrite, type PortalContext } from './access.ts';
import { ATTACHMENT_TYPES, type AttachmentInput } from './attachments.ts';
import { sendFromPortal } from './write.ts';

const LIMIT = 100;

/** The portal's attachment types a contact point takes: those whose extensions it lists, or all. */
function contentTypesFor(fileTypes: readonly string[] | null): string[] {
  return ATTACHMENT_TYPES.filter((t) => fileTypes === null || t.extensions.some((e) => fileTypes.includes(e))).map((t) => t.contentType);
}

/**
 * Contact points people can write to (active, visible, of an organisation with an open mailbox), by
 * words in their names; with a mailbox the principal may write from, only those its owner may write to.
 */
export async function listContactPoints(ctx: PortalContext, principal: Principal, q: string | undefined, mailboxId?: string): Promise<ContactPoint[]> {
  let writer: ContactPointWriter | undefined;
  if (mailboxId !== undefined) {
    requireWrite(requireMailbox(principal, mailboxId));
    const owner = await mailboxOwner(ctx.db, mailboxId);
    writer = owner?.kind;
  }
  const words = q?.trim().split(/\s+/).filter(Boolean).slice(0, 8) ?? [];
  const rows = await searchWritableContactPoints(ctx.db, words, LIMIT, writer);
  return rows.map((r) => ({
    id: r.id, name: r.name, description: r.description, contactGroup: r.contact_group, parentId: r.parent_id,
    organisationId: r.organisation_id, organisationName: r.organisation_name, organisationCvr: r.cvr,
    memoSizeThresholdMB: r.memo_size_threshold_mb, allowedNumberOfAttachments: r.allowed_attachments,
    allowedContentTypes: contentTypesFor(r.allowed_file_types),
  }));
}

export interface NewMessageInput {
  contactPointId: string;
  label: string;
  text: string;
  attachments: readonly AttachmentInput[];
}

/** A contact point people can write to now, by id; not found when it does not take messages. */
export async function writableContactPoint(ctx: PortalContext, id: string) {
  const contactPoint = await findWritableContactPoint(ctx.db, id);
  if (!contactPoint) throw new Refusal('not-found', 'CONTACT_POINT_NOT_FOUND', 'No such contact point (or it does not take messages).');
  return contactPoint;
}

/** A new message (not a reply) from a mailbox to a contact point. */
export async function writeToContactPoint(ctx: PortalContext, principal: Principal, mailboxId: string, input: NewMessageInput): Promise<Sent> {
  const access = requireMailbox(principal, mailboxId);
  requireWrite(access);
  const contactPoint = await writableContactPoint(ctx, input.contactPointId);
  const label = input.label.normalize('NFC').trim();
  if (label.length === 0 || [...label].length > 256 || /[\u0000-\u001f\u007f]/.test(label)) {
    throw new Refusal('invalid', 'LABEL_INVALID', 'The title has 1 to 256 characters and no control characters.');
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
