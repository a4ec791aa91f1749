import type { MemoMessage } from '../../memo/index.ts';
import type { LetterContext, LetterFacts } from './types.ts';

/** A text as written, or null when it is absent or empty. */
function text(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

/**
 * What the rules see of a letter: its MeMo header (Recipient/AttentionData, ContentData, type and flags)
 * and what Kuvert knows beside it (sender organisation, subscription group and material). Reads the same
 * fields the delivery stores as columns (`p_number`, `attention`, `case_id`), the same way: the P-number is
 * the decimal form of ProductionUnit/productionUnitNumber, attention person and e-mail are the label and
 * the address as written.
 */
export function letterFacts(memo: MemoMessage, context: LetterContext = {}): LetterFacts {
  const header = memo.header;
  const attention = header.recipient.attentionData;
  const content = header.contentData;
  const pNumber = attention?.productionUnit?.productionUnitNumber;
  return {
    sender: context.sender ?? null,
    subscriptionGroup: text(context.subscriptionGroup ?? undefined),
    material: text(context.material ?? undefined),
    messageType: header.messageType,
    mandatory: header.mandatory ?? false,
    legalNotification: header.legalNotification ?? false,
    replyAllowed: header.reply ?? false,
    attention: {
      pNumber: pNumber === undefined ? null : String(pNumber),
      person: text(attention?.attentionPerson?.label),
      email: text(attention?.eMail?.emailAddress),
      seNumber: text(attention?.seNumber?.seNumber),
      contentResponsible: {
        id: text(attention?.contentResponsible?.contentResponsibleID),
        label: text(attention?.contentResponsible?.label),
      },
    },
    content: {
      cpr: text(content?.cprData?.cprNumber),
      cvr: text(content?.cvrData?.cvrNumber),
      caseId: text(content?.caseID?.caseID),
      kle: text(content?.kleData?.subjectKey),
      form: text(content?.formData?.taskKey),
      propertyNumber: text(content?.propertyNumber?.propertyNumber),
    },
  };
}
