import { canReply, canWrite, Refusal, type MailboxAccess, type Principal } from '../domain/index.ts';
import {
  countDrafts, deleteDraft, draftsOf, findDraft, findReplyDraft, insertDraft, updateDraft, type DraftOwner, type DraftRow, type DraftScope,
} from '../store/index.ts';
import type { Draft, DraftInput, DraftSummary, DraftUpdate } from '../contract/index.ts';
import { findVisibleMessage, requireMailbox, requireWrite, type PortalContext } from './access.ts';
import { writableContactPoint } from './contact-points.ts';

/** A person keeps at most this many drafts per mailbox. */
export const MAX_DRAFTS = 100;

const draftNotFound = () => new Refusal('not-found', 'DRAFT_NOT_FOUND', 'No such draft of yours in this mailbox.');
const draftInvalid = (message: string) => new Refusal('invalid', 'DRAFT_INVALID', message);
const replyForbidden = () => new Refusal('forbidden', 'FORBIDDEN_ROLE', 'Your role in this mailbox does not let you reply on its behalf.');

/**
 * The drafts a person may still have in a mailbox they open: a new message's while they may write
 * (canWrite), a reply's while they may reply (canReply) and see the message it answers.
 */
function scopeOf(access: MailboxAccess): DraftScope {
  return { messages: canWrite(access), replies: canReply(access), folderIds: access.kind === 'folders' ? [...access.folderIds] : null };
}

function ownerOf(principal: Principal, mailboxId: string): DraftOwner {
  return { mailboxId, authorId: principal.userId };
}

function toSummary(row: DraftRow): DraftSummary {
  const recipient = row.kind === 'reply'
    ? row.reply_to_sender
    : row.contact_point_name ? `${row.contact_point_name}${row.contact_point_organisation ? ` (${row.contact_point_organisation})` : ''}` : null;
  return {
    id: row.id,
    kind: row.kind,
    label: row.kind === 'reply' ? row.reply_to_label ?? '' : row.label,
    recipientName: recipient ?? null,
    contactPointId: row.contact_point_id,
    replyToMessageId: row.reply_to_message_id,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const toDraft = (row: DraftRow): Draft => ({ ...toSummary(row), text: row.text });

/** A draft's title: what the form takes, without control characters (it becomes the letter's title when sent). */
function cleanLabel(label: string): string {
  if (/[\u0000-\u001f\u007f]/.test(label)) throw draftInvalid('The title has no control characters.');
  return label.normalize('NFC');
}

/** A draft's text: line breaks and tabs, no other control characters (PostgreSQL keeps no NUL). */
function cleanText(text: string): string {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw draftInvalid('The text has no control characters but line breaks and tabs.');
  return text.replaceAll('\r\n', '\n');
}

async function contactPointOf(ctx: PortalContext, contactPointId: string | null | undefined): Promise<string | null> {
  if (!contactPointId) return null;
  return (await writableContactPoint(ctx, contactPointId.toLowerCase())).id;
}

/** The author's drafts in the mailbox, last saved first (Kladder); with `replyTo`, only the draft of a reply to that message. */
export async function listDrafts(ctx: PortalContext, principal: Principal, mailboxId: string, replyTo?: string): Promise<DraftSummary[]> {
  const access = requireMailbox(principal, mailboxId);
  const owner = ownerOf(principal, mailboxId);
  if (replyTo !== undefined) {
    const found = await findReplyDraft(ctx.db, owner, replyTo);
    const row = found && await findDraft(ctx.db, owner, scopeOf(access), found.id);
    return row ? [toSummary(row)] : [];
  }
  return (await draftsOf(ctx.db, owner, scopeOf(access), MAX_DRAFTS)).map(toSummary);
}

/** How many drafts Kladder shows the person (its `total`). */
export async function draftCount(ctx: PortalContext, principal: Principal, mailboxId: string): Promise<number> {
  return countDrafts(ctx.db, ownerOf(principal, mailboxId), scopeOf(requireMailbox(principal, mailboxId)));
}

/** One of the author's drafts, while they may still send it; another person's draft does not exist for them (404). */
async function ownDraft(ctx: PortalContext, principal: Principal, mailboxId: string, draftId: string): Promise<DraftRow> {
  const access = requireMailbox(principal, mailboxId);
  const row = await findDraft(ctx.db, ownerOf(principal, mailboxId), scopeOf(access), draftId);
  if (!row) throw draftNotFound();
  return row;
}

export async function openDraft(ctx: PortalContext, principal: Principal, mailboxId: string, draftId: string): Promise<Draft> {
  return toDraft(await ownDraft(ctx, principal, mailboxId, draftId));
}

/**
 * Saves a new draft. A reply's draft is one per message and person: saving another replaces its text.
 * Refused when the person may not write (a new message) or reply (a reply) from the mailbox, or does
 * not see the message answered (404).
 */
export async function createDraft(ctx: PortalContext, principal: Principal, mailboxId: string, input: DraftInput): Promise<{ draft: Draft; created: boolean }> {
  const access = requireMailbox(principal, mailboxId);
  const owner = ownerOf(principal, mailboxId);
  const text = cleanText(input.text);
  let replyToMessageId: string | null = null;
  let content;
  if (input.kind === 'reply') {
    if (!canReply(access)) throw replyForbidden();
    replyToMessageId = (await findVisibleMessage(ctx.db, access, mailboxId, input.messageId.toLowerCase())).id;
    const existing = await findReplyDraft(ctx.db, owner, replyToMessageId);
    if (existing) return { draft: await saveDraft(ctx, principal, mailboxId, existing.id, { text }), created: false };
    content = { contactPointId: null, label: '', text };
  } else {
    requireWrite(access);
    content = { contactPointId: await contactPointOf(ctx, input.contactPointId), label: cleanLabel(input.label), text };
  }
  if (await countDrafts(ctx.db, owner) >= MAX_DRAFTS) {
    throw new Refusal('conflict', 'DRAFT_LIMIT_REACHED', `You have ${MAX_DRAFTS} drafts in this mailbox: send or discard some first.`);
  }
  let id: string;
  try {
    id = await insertDraft(ctx.db, owner, { ...content, kind: input.kind, replyToMessageId });
  } catch (err) {
    // two saves of the first draft of a reply at once: the other one made it, this one saves into it
    if ((err as { code?: string }).code !== '23505' || !replyToMessageId) throw err;
    const existing = await findReplyDraft(ctx.db, owner, replyToMessageId);
    if (!existing) throw err;
    return { draft: await saveDraft(ctx, principal, mailboxId, existing.id, { text }), created: false };
  }
  return { draft: await openDraft(ctx, principal, mailboxId, id), created: true };
}

/** Saves a draft's content again (the whole of it); the last save wins. */
export async function saveDraft(ctx: PortalContext, principal: Principal, mailboxId: string, draftId: string, update: DraftUpdate): Promise<Draft> {
  const row = await ownDraft(ctx, principal, mailboxId, draftId);
  const text = cleanText(update.text);
  const content = row.kind === 'reply'
    ? { contactPointId: null, label: '', text }
    : {
        contactPointId: update.contactPointId === undefined ? row.contact_point_id : await contactPointOf(ctx, update.contactPointId),
        label: update.label === undefined ? row.label : cleanLabel(update.label),
        text,
      };
  if (!await updateDraft(ctx.db, ownerOf(principal, mailboxId), draftId, content)) throw draftNotFound();
  return openDraft(ctx, principal, mailboxId, draftId);
}

/**
 * Discards one of the author's drafts (also after it was sent). A person may discard their own drafts
 * in any mailbox they still open, also those they may no longer send: it is their own text.
 */
export async function discardDraft(ctx: PortalContext, principal: Principal, mailboxId: string, draftId: string): Promise<void> {
  requireMailbox(principal, mailboxId);
  if (!await deleteDraft(ctx.db, ownerOf(principal, mailboxId), draftId)) throw draftNotFound();
}
