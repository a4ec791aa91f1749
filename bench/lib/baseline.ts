import { DEMO } from '../../src/demo/index.ts';
import { acceptMessage, type SendContext, type Sender } from '../../src/delivery/index.ts';
import type { MemoMessage } from '../../src/memo/index.ts';
import { mailboxOfOrganisation, type Db } from '../../src/store/index.ts';
import type { BenchMessage } from './messages.ts';

export interface Baseline {
  /** stores message i as the API does once a document is parsed, validated and addressed */
  insert(i: number): Promise<void>;
}

/**
 * The MeMo model of a bench letter, written down from what the bench put into it: what parseMemo
 * would return for test/helpers/memo.ts `letter()`, without reading any XML. `content` is a slice
 * of the document (no copy); only text documents' content is read by the store (for search).
 */
function memoOf(message: BenchMessage, xml: string): MemoMessage {
  const start = xml.indexOf('<memo:content>') + '<memo:content>'.length;
  const content = xml.slice(start, xml.indexOf('</memo:content>', start)).trim();
  return {
    version: '1.2',
    header: {
      messageType: 'DIGITALPOST',
      messageUUID: message.uuid,
      label: message.label,
      sender: { senderID: DEMO.authority.cvr, idType: 'CVR', label: DEMO.authority.name },
      recipient: {
        recipientID: message.recipient.id,
        idType: message.recipient.idType,
        ...(message.recipient.pNumber ? { attentionData: { productionUnit: { productionUnitNumber: Number(message.recipient.pNumber) } } } : {}),
      },
    },
    body: {
      createdDateTime: '2026-11-23T10:00:00Z',
      mainDocument: { file: [{ encodingFormat: 'application/pdf', filename: 'afgoerelse.pdf', language: 'da', content }] },
    },
  };
}

/**
 * The database floor for ingest: per message, the project's own `acceptMessage` (src/delivery) — the
 * function the API calls once a document is parsed, validated and addressed: its duplicate check, then
 * one transaction with the blob (content-addressed, `putBlobs`), the message row, message_blob,
 * message_state, system_queue and the hash-chained events — through the same Kysely driver, without
 * HTTP, authentication, XML parsing/validation and the registry look-ups (done once, before timing).
 * The UTF-8 decoding of the request body stays in: acceptMessage needs the text.
 */
export async function prepareBaseline(db: Db, messages: readonly BenchMessage[], eventChains: number): Promise<Baseline> {
  const ctx: SendContext = { db, eventChains };
  const system = await db.selectFrom('system').select(['id', 'organisation_id'])
    .where('id', '=', DEMO.systems.authoritySender.id).executeTakeFirstOrThrow();
  const senderMailbox = await mailboxOfOrganisation(db, system.organisation_id);
  if (!senderMailbox) throw new Error('the demo authority has no mailbox');
  const sender: Sender = {
    mailboxId: senderMailbox, organisationId: system.organisation_id, systemId: system.id, userId: null, actor: `system:${system.id}`,
  };
  const company = await db.selectFrom('organisation').innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
    .select('mailbox.id').where('organisation.cvr', '=', DEMO.company.cvr).executeTakeFirstOrThrow();
  const citizens = new Map((await db.selectFrom('citizen').innerJoin('mailbox', 'mailbox.citizen_id', 'citizen.id')
    .select(['citizen.cpr', 'mailbox.id']).execute()).map((r) => [r.cpr, r.id]));
  const mailboxOf = (m: BenchMessage) => {
    const id = m.recipient.idType === 'CVR' ? company.id : citizens.get(m.recipient.id);
    if (!id) throw new Error(`no mailbox for recipient ${m.recipient.id}`);
    return id;
  };

  return {
    async insert(i: number) {
      const message = messages[i]!;
      const xml = message.body.toString('utf8');
      const outcome = await acceptMessage(ctx, sender, memoOf(message, xml), xml, message.body, {
        recipientMailboxId: mailboxOf(message), pNumber: message.recipient.pNumber ?? null,
      });
      if (outcome.result !== 'accepted') throw new Error(`acceptMessage: ${outcome.result} ${JSON.stringify(outcome.receipt)}`);
    },
  };
}
