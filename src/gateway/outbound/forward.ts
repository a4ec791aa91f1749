import { replyAddress } from '../../domain/index.ts';
import { parseMemo, type MemoMessage } from '../../memo/index.ts';
import {
  appendEvents, folderNameOfMessage, materialOfMessage, findForwarding, findMessageToForward, JobDeferred, loadDocument, mailMessageIdsInThread, pauseForwardingForExpiry, recordMailMessageId,
  type Db, type Job,
} from '../../store/index.ts';
import { attentionXml, forwardEntity, letterXml, memoHeaderXml, outerMessage, threadXml, type ForwardDocument } from '../compose/index.ts';
import { encryptMime, signMime } from '../smime/index.ts';
import { threadToken } from '../threads.ts';
import type { GatewayKeys } from '../identity.ts';
import type { OutboundDeps } from './deps.ts';

const HOUR = 3600_000;

function documentsOf(memo: MemoMessage): ForwardDocument[] {
  if (!memo.body) return [];
  const docs: ForwardDocument[] = memo.body.mainDocument.file.map((f) => ({
    filename: f.filename, contentType: f.encodingFormat, content: Buffer.from(f.content, 'base64'), role: 'main' as const,
  }));
  for (const doc of memo.body.additionalDocument ?? []) {
    for (const f of doc.file) docs.push({ filename: f.filename, contentType: f.encodingFormat, content: Buffer.from(f.content, 'base64'), role: 'additional' });
  }
  return docs;
}

function attentionOf(memo: MemoMessage) {
  const a = memo.header.recipient.attentionData;
  const pNumber = a?.productionUnit?.productionUnitNumber;
  return {
    ...(pNumber !== undefined ? { pNumber: String(pNumber) } : {}),
    ...(a?.productionUnit?.productionUnitName ? { unitName: a.productionUnit.productionUnitName } : {}),
    ...(a?.attentionPerson?.label ? { personName: a.attentionPerson.label } : {}),
    ...(a?.attentionPerson?.personID ? { personId: a.attentionPerson.personID } : {}),
    ...(a?.eMail?.emailAddress ? { email: a.eMail.emailAddress } : {}),
    ...(a?.contentResponsible?.label ? { contentResponsible: a.contentResponsible.label } : {}),
  };
}

/** Kuvert's From address: the first e-mail address of its S/MIME certificate, so receivers can match signer and sender. */
export function gatewayFrom(keys: GatewayKeys, domain: string): string {
  return keys.smimeInfo.emailAddresses[0] ?? `digitalpost@${domain}`;
}

/**
 * Job handler: one message to one organisation's secure mail system — signed by Kuvert, encrypted to
 * the registered receiving certificate, with the documents and the metadata files. Paused forwarding
 * (an expired certificate) waits; a failed delivery retries with backoff and ends as a dead letter
 * the administrator sees with the remote server's reason. The mailbox copy stays where it is.
 */
export function forwardHandler(deps: OutboundDeps) {
  return async (job: Job, db: Db): Promise<void> => {
    const { messageId, forwardingId } = job.payload as { messageId: string; forwardingId: string };
    const forwarding = await findForwarding(db, forwardingId);
    if (!forwarding || forwarding.status === 'disabled' || forwarding.status === 'pending') return;
    const now = new Date();
    if (forwarding.status === 'active' && new Date(forwarding.certificate_not_after) <= now) {
      await pauseForExpiry(deps, db, forwarding.id, forwarding.organisation_id);
      throw new JobDeferred(new Date(now.getTime() + HOUR), 'forwarding paused: the receiving certificate has expired');
    }
    if (forwarding.status === 'paused') throw new JobDeferred(new Date(now.getTime() + HOUR), `forwarding paused: ${forwarding.status_reason ?? ''}`);

    const message = await findMessageToForward(db, messageId, forwarding.mailbox_id);
    if (!message) return;

    const xml = await loadDocument(db, message);
    const parsed = parseMemo(xml, { policy: false });
    if (!parsed.ok) throw new Error('a stored message does not parse');
    const memo = parsed.message;
    const token = await threadToken(db, message.thread_id, forwarding.mailbox_id);
    const reply = replyAddress(token, deps.domain);
    const header = `${message.id}.${forwarding.id.slice(0, 8)}@${deps.domain}`;
    const references = await mailMessageIdsInThread(db, message.thread_id, forwarding.mailbox_id, header);
    const keys = await deps.keys();
    const [material, folder] = await Promise.all([materialOfMessage(db, message.id), folderNameOfMessage(db, forwarding.mailbox_id, message.id)]);
    const from = { name: `${message.sender_label} via Kuvert`.slice(0, 200), address: gatewayFrom(keys, deps.domain) };
    const inner = forwardEntity({
      from, to: forwarding.address, replyTo: reply, messageId: header,
      ...(references.length > 0 ? { inReplyTo: references.at(-1)!, references } : {}),
      date: now, subject: message.label, senderName: message.sender_label, receivedAt: new Date(message.received_at),
      documents: documentsOf(memo), memoHeaderXml: memoHeaderXml(xml), attentionXml: attentionXml(attentionOf(memo)),
      threadXml: threadXml({ token, replyAddress: reply, threadId: message.thread_id, messageUUID: message.message_uuid, messageId: message.id }),
      letterXml: letterXml({
        material: material?.material_code ? { code: material.material_code, name: material.material_name! } : undefined,
        subscriptionGroup: material?.subscription_group_name ?? undefined, folder,
      }),
      boundarySeed: header,
    });
    const signed = await signMime(inner, keys.smime);
    const encrypted = await encryptMime(signed, [Buffer.from(forwarding.certificate_der)]);
    const wire = outerMessage({
      from, to: forwarding.address, subject: `Digital Post fra ${message.sender_label}`.slice(0, 250), date: now, messageId: header, replyTo: reply,
      ...(references.length > 0 ? { inReplyTo: references.at(-1)!, references } : {}),
    }, encrypted);
    await recordMailMessageId(db, header, message.id, forwarding.mailbox_id);
    const response = await deps.transport.send({ from: from.address, to: [forwarding.address] }, wire);
    await appendEvents(db, deps.eventChains, [{
      type: 'MEMO_FORWARDED_BY_EMAIL', actor: 'kuvert', messageId: message.id, mailboxId: forwarding.mailbox_id,
      data: { forwardingId: forwarding.id, size: wire.length, response: response.slice(0, 200) },
    }]);
  };
}

export async function pauseForExpiry(deps: Pick<OutboundDeps, 'eventChains'>, db: Db, forwardingId: string, organisationId: string): Promise<void> {
  if (await pauseForwardingForExpiry(db, forwardingId)) {
    await appendEvents(db, deps.eventChains, [{ type: 'FORWARDING_PAUSED', actor: 'kuvert', data: { forwardingId, organisationId, reason: 'CERTIFICATE_EXPIRED' } }]);
  }
}
