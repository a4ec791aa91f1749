/** Drafts (`/api/mailboxes/:mailboxId/drafts`, docs/portal.md "Drafts"): what a person is writing, kept for them alone. */
import Type, { type Static } from 'typebox';
import { DateTime, Id, Nullable, StringEnum, UuidInput } from './common.ts';

/** A draft's title and text are held to the limits of the forms they come from (MessageForm). */
export const DRAFT_LABEL_MAX = 256;
export const DRAFT_TEXT_MAX = 100_000;

export const DraftParams = Type.Object({ mailboxId: UuidInput(), draftId: UuidInput() });
export type DraftParams = Static<typeof DraftParams>;

export const DraftKind = StringEnum(['message', 'reply'], { description: '`message`: a new message to a contact point; `reply`: an answer to a message' });
export type DraftKind = Static<typeof DraftKind>;

const label = Type.String({ maxLength: DRAFT_LABEL_MAX, description: 'the title as typed so far (may be empty)' });
const text = Type.String({ maxLength: DRAFT_TEXT_MAX, description: 'the text as typed so far (may be empty)' });

/** The body of saving a new draft (`POST …/drafts`); a reply's draft is one per message: saving another updates it. */
export const DraftInput = Type.Union([
  Type.Object({
    kind: Type.Literal('message'),
    contactPointId: Nullable(UuidInput({ maxLength: 36 }), { description: 'the contact point chosen so far, or null' }),
    label,
    text,
  }, { additionalProperties: false }),
  Type.Object({
    kind: Type.Literal('reply'),
    messageId: UuidInput({ maxLength: 36, description: 'the message it answers' }),
    text,
  }, { additionalProperties: false }),
]);
export type DraftInput = Static<typeof DraftInput>;

/** The body of saving a draft again (`PUT …/drafts/:draftId`): its whole content; `contactPointId` and `label` only for a new message. */
export const DraftUpdate = Type.Object({
  contactPointId: Type.Optional(Nullable(UuidInput({ maxLength: 36 }))),
  label: Type.Optional(label),
  text,
}, { additionalProperties: false });
export type DraftUpdate = Static<typeof DraftUpdate>;

/** A draft as listed in Kladder (without its text). */
const summaryProperties = {
  id: Id(),
  kind: DraftKind,
  label: Type.String({ description: 'the title typed; for a reply the title of the message it answers' }),
  recipientName: Nullable(Type.String(), { description: 'the contact point and its organisation, or who sent the message answered; null: not chosen yet' }),
  contactPointId: Nullable(Id()),
  replyToMessageId: Nullable(Id(), { description: 'a reply\'s message: the reply form is on its page' }),
  updatedAt: DateTime({ description: 'last saved' }),
};

export const DraftSummary = Type.Object(summaryProperties);
export type DraftSummary = Static<typeof DraftSummary>;

export const Draft = Type.Object({ ...summaryProperties, text: Type.String() });
export type Draft = Static<typeof Draft>;

export const DraftQuery = Type.Object({
  replyTo: Type.Optional(UuidInput({ description: 'only the draft of a reply to this message (at most one)' })),
}, { additionalProperties: false });
export type DraftQuery = Static<typeof DraftQuery>;

export const DraftList = Type.Object({ drafts: Type.Array(DraftSummary) });
export type DraftList = Static<typeof DraftList>;
