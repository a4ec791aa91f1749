import type { DoctorCheck } from '../../contract/index.ts';
import { composeMemo, deliverComposed, replyLabel, sendMemo, type Author, type SendContext, type SendOutcome, type SendRefusalCode } from '../../delivery/index.ts';
import { describeCertificate } from '../../gateway/index.ts';
import { addTestRecipient, mailCertificatesOf, systemAsAuthenticated, whereLetterWent, type Db, type TestRecipient } from '../../store/index.ts';
import { REFUSAL_EXPLANATIONS } from '../monitoring/index.ts';
import { green, linkTo, red, type Words } from './report.ts';
import { activeRecipients, activeSenders, defaultSender, type ContactPointRow, type SetUp } from './setup.ts';

export const TEST_RECIPIENT = 'Kuvert selvtest (testmodtager)';
const LABEL = 'Kuvert selvtest / self-test';
const TEXT = 'Et testbrev fra Kuverts selvtest ("Test om det virker"). Det gemmes ikke. / A test letter from Kuvert\'s self-test. It is not kept.';

/** Thrown with the findings to roll the rehearsal's transaction back. */
class Rehearsed extends Error {
  constructor(readonly checks: DoctorCheck[]) {
    super('rehearsal rolled back');
  }
}

/**
 * The end-to-end part of the self-test: letters go through the same code as `/apis/v1`, the mail
 * gateway and the portal (addressing, writing and reply rules, the recipient's rules, recipient-system
 * queues, forwarding), inside one transaction that is rolled back. The test recipient, the letters,
 * their events, statistics and notifications therefore never exist for anyone else, and no real
 * mailbox is touched.
 */
export async function rehearse(db: Db, eventChains: number, s: SetUp): Promise<DoctorCheck[]> {
  try {
    await db.transaction().execute(async (trx) => {
      throw new Rehearsed(await rehearseIn({ db: trx, eventChains }, s));
    });
  } catch (err) {
    if (err instanceof Rehearsed) return err.checks;
    throw err;
  }
  return [];
}

type Accepted = Extract<SendOutcome, { result: 'accepted' | 'resent' }>;
type Refused = Extract<SendOutcome, { result: 'refused' }>;
const explained = (outcome: Refused) => REFUSAL_EXPLANATIONS[outcome.receipt.errorCode as SendRefusalCode] as (typeof REFUSAL_EXPLANATIONS)[SendRefusalCode] | undefined;
/** The refusal's code with the error view's plain words for it (docs/monitoring.md), else the receipt's own sentence. */
const refusalWords = (outcome: Refused): Words => {
  const plain = explained(outcome);
  const code = outcome.receipt.errorCode ?? '';
  return plain ? { da: `${code}: ${plain.reason.da}`, en: `${code}: ${plain.reason.en}` } : { da: `${code}: ${outcome.receipt.errorMessage}`, en: `${code}: ${outcome.receipt.errorMessage}` };
};
/** What to change for the refusal (the error view's words), or `otherwise`. */
const refusalFix = (outcome: Refused, otherwise: Words): Words => {
  const plain = explained(outcome);
  return plain ? { da: plain.change.da, en: plain.change.en } : otherwise;
};

async function rehearseIn(ctx: SendContext, s: SetUp): Promise<DoctorCheck[]> {
  const org = s.organisation;
  // an authority writes to a company; anyone else may write only to an authority's contact point
  const test = await addTestRecipient(ctx.db, TEST_RECIPIENT, org.kind === 'authority' ? 'company' : 'authority');
  const systemsLink = linkTo(org.id, 'systems');
  const letter = (cp?: ContactPointRow) => composeMemo({
    author: { kind: 'organisation', cvr: org.cvr, name: org.name, ...(cp ? { contactPoint: { contactPointID: cp.id, label: cp.name } } : {}) },
    recipient: { idType: 'CVR', id: test.cvr, name: TEST_RECIPIENT, ...(test.contactPointId ? { contactPoint: { contactPointID: test.contactPointId } } : {}) },
    label: LABEL, text: TEXT, attachments: [], replyAllowed: true,
  });
  const checks: DoctorCheck[] = [];

  // every active sender system sends a letter as it would through /apis/v1
  for (const row of activeSenders(s)) {
    const system = await systemAsAuthenticated(ctx.db, row.id);
    const outcome = system ? await sendMemo(ctx, system, letter().raw) : undefined;
    if (outcome && outcome.result !== 'refused') {
      checks.push(green('systems', row.name, { da: `${row.name} kan sende: et testbrev blev modtaget (RECEIVED).`, en: `${row.name} can send: a test letter was received (RECEIVED).` }));
      continue;
    }
    const why = outcome ? refusalWords(outcome) : { da: 'systemet er ikke aktivt', en: 'the system is not active' };
    const fix = { da: 'Ret det, afvisningen nævner.', en: 'Fix what the refusal names.' };
    checks.push(red('systems', 'SENDER_CANNOT_SEND', row.name,
      { da: `Et testbrev fra ${row.name} blev afvist: ${why.da}`, en: `A test letter from ${row.name} was refused: ${why.en}` },
      outcome ? refusalFix(outcome, fix) : fix, systemsLink));
  }

  // a reply to a letter from the default sender system travels back, in its thread, to the recipient system
  const sender = defaultSender(s);
  const senderSystem = sender && await systemAsAuthenticated(ctx.db, sender.id);
  if (!senderSystem && org.kind !== 'authority') {
    checks.push(await receiving(ctx, s, test));
  } else if (!senderSystem) {
    checks.push(red('replies', 'NO_DEFAULT_SENDER', null,
      { da: 'Svar kan ikke prøves: organisationen har intet standard-afsendersystem.', en: 'Replies cannot be tried: the organisation has no default sender system.' },
      { da: 'Vælg eller opret et standard-afsendersystem under Systemer.', en: 'Choose or create a default sender system under Systems.' }, systemsLink));
  } else {
    const points = s.contactPoints.filter((cp) => cp.active);
    for (const cp of points.length > 0 ? points : [undefined]) checks.push(await replyRoundTrip(ctx, s, senderSystem.name, cp, test, letter(cp), senderSystem));
  }

  // mail signed by a registered mail system's certificate is delivered as the gateway delivers it
  for (const cert of await mailCertificatesOf(ctx.db, org.id)) {
    const info = describeCertificate(cert.der);
    if (info.notAfter <= new Date()) continue; // the certificate check names it
    const author: Author = { mailboxId: org.mailboxId, organisationId: org.id, systemId: sender?.id ?? null, userId: null, actor: `mail:${cert.id}`, kind: org.kind };
    const outcome = await deliverComposed(ctx, letter(), author);
    checks.push(outcome.result !== 'refused'
      ? green('secure-mail', info.subject, { da: `Post signeret med ${info.subject} leveres: et testbrev blev modtaget.`, en: `Mail signed with ${info.subject} is delivered: a test letter was received.` })
      : red('secure-mail', 'MAIL_SYSTEM_CANNOT_SEND', info.subject,
          { da: `Et testbrev fra mailsystemet (${info.subject}) blev afvist: ${refusalWords(outcome).da}`, en: `A test letter from the mail system (${info.subject}) was refused: ${refusalWords(outcome).en}` },
          refusalFix(outcome, { da: 'Ret det, afvisningen nævner.', en: 'Fix what the refusal names.' }), linkTo(org.id, 'secure-mail')));
  }
  return checks;
}

async function replyRoundTrip(
  ctx: SendContext, s: SetUp, senderName: string, cp: ContactPointRow | undefined, test: TestRecipient,
  composed: ReturnType<typeof composeMemo>, system: NonNullable<Awaited<ReturnType<typeof systemAsAuthenticated>>>,
): Promise<DoctorCheck> {
  const org = s.organisation;
  const subject = cp?.name ?? null;
  const via = cp ? { da: ` via ${cp.name}`, en: ` through ${cp.name}` } : { da: '', en: '' };
  const link = linkTo(org.id, cp ? 'contact-points' : 'systems');
  const sent = await sendMemo(ctx, system, composed.raw);
  if (sent.result === 'refused') {
    return red('replies', 'SENDER_CANNOT_SEND', subject,
      { da: `Brevet, der skulle besvares, blev afvist${via.da}: ${refusalWords(sent).da}`, en: `The letter to be answered was refused${via.en}: ${refusalWords(sent).en}` },
      refusalFix(sent, { da: 'Ret det, afvisningen nævner.', en: 'Fix what the refusal names.' }), link);
  }
  const reply = composeMemo({
    author: { kind: 'organisation', cvr: test.cvr, name: TEST_RECIPIENT },
    recipient: { idType: 'CVR', id: org.cvr, name: org.name, ...(cp ? { contactPoint: { contactPointID: cp.id } } : {}) },
    replyTo: { messageUUID: composed.messageUUID, ...(cp ? { contactPointID: cp.id } : {}) },
    label: replyLabel(LABEL), text: TEXT, attachments: [],
  });
  const author: Author = { mailboxId: test.mailboxId, organisationId: test.organisationId, systemId: null, userId: null, actor: 'kuvert', kind: test.kind };
  const answered = await deliverComposed(ctx, reply, author);
  if (answered.result === 'refused') {
    return red('replies', 'REPLY_REFUSED', subject,
      { da: `Et svar på et brev fra ${senderName}${via.da} blev afvist: ${refusalWords(answered).da}`, en: `A reply to a letter from ${senderName}${via.en} was refused: ${refusalWords(answered).en}` },
      refusalFix(answered, { da: 'Ret det, afvisningen nævner (kontaktpunktets grænser eller hvem der må skrive).', en: 'Fix what the refusal names (the contact point\'s limits or who may write).' }), link);
  }
  const letterWent = await whereLetterWent(ctx.db, (sent as Accepted).messageId);
  const replyWent = await whereLetterWent(ctx.db, (answered as Accepted).messageId);
  if (!letterWent || !replyWent || replyWent.threadId !== letterWent.threadId || replyWent.mailboxId !== org.mailboxId) {
    return red('replies', 'REPLY_LOST_THREAD', subject,
      { da: `Et svar på et brev fra ${senderName}${via.da} kom ikke tilbage i samme tråd.`, en: `A reply to a letter from ${senderName}${via.en} did not come back in the same thread.` },
      { da: 'Kontakt driften: dette er en fejl i Kuvert.', en: 'Contact the operator: this is a fault in Kuvert.' }, null);
  }
  const recipients = activeRecipients(s);
  const expected = cp?.recipient_system_id ? recipients.filter((r) => r.id === cp.recipient_system_id) : recipients;
  const reached = recipients.filter((r) => replyWent.systemIds.includes(r.id));
  const forwarded = replyWent.forwarded ? { da: ' og videresendes med sikker e-mail', en: ' and is forwarded by secure e-mail' } : { da: '', en: '' };
  if (expected.length > 0 && !expected.some((r) => replyWent.systemIds.includes(r.id))) {
    const names = expected.map((r) => r.name).join(', ');
    return red('replies', 'REPLY_NOT_AT_RECIPIENT_SYSTEM', subject,
      { da: `Et svar på et brev fra ${senderName}${via.da} kom tilbage i tråden, men når ikke modtagersystemet ${names}.`, en: `A reply to a letter from ${senderName}${via.en} came back in its thread but does not reach the recipient system ${names}.` },
      { da: 'Se postkassens regler (Regler): en regel, der leverer til systemer, vælger ikke dette svar.', en: 'Check the mailbox\'s rules (Rules): a rule that delivers to systems does not select this reply.' },
      `/organisationer/${encodeURIComponent(org.id)}/administration/regler`);
  }
  const where = reached.length > 0
    ? { da: `modtagersystemet ${reached.map((r) => r.name).join(', ')}`, en: `the recipient system ${reached.map((r) => r.name).join(', ')}` }
    : { da: 'postkassen (organisationen har intet modtagersystem)', en: 'the mailbox (the organisation has no recipient system)' };
  return green('replies', subject, {
    da: `Et svar på et brev fra ${senderName}${via.da} når ${where.da} i samme tråd${forwarded.da}.`,
    en: `A reply to a letter from ${senderName}${via.en} reaches ${where.en} in the same thread${forwarded.en}.`,
  });
}

/** An organisation that only receives: a letter from the test authority reaches its mailbox and the recipient systems that fetch its mail. */
async function receiving(ctx: SendContext, s: SetUp, test: TestRecipient): Promise<DoctorCheck> {
  const org = s.organisation;
  const letter = composeMemo({
    author: { kind: 'organisation', cvr: test.cvr, name: TEST_RECIPIENT, ...(test.contactPointId ? { contactPoint: { contactPointID: test.contactPointId } } : {}) },
    recipient: { idType: 'CVR', id: org.cvr, name: org.name }, label: LABEL, text: TEXT, attachments: [],
  });
  const author: Author = { mailboxId: test.mailboxId, organisationId: test.organisationId, systemId: null, userId: null, actor: 'kuvert', kind: test.kind };
  const outcome = await deliverComposed(ctx, letter, author);
  if (outcome.result === 'refused') {
    return red('replies', 'LETTER_REFUSED', null,
      { da: `Et brev fra en myndighed til ${org.name} blev afvist: ${refusalWords(outcome).da}`, en: `A letter from an authority to ${org.name} was refused: ${refusalWords(outcome).en}` },
      refusalFix(outcome, { da: 'Ret det, afvisningen nævner.', en: 'Fix what the refusal names.' }), linkTo(org.id, 'overview'));
  }
  const went = await whereLetterWent(ctx.db, (outcome as Accepted).messageId);
  const recipients = activeRecipients(s);
  const reached = recipients.filter((r) => went?.systemIds.includes(r.id));
  if (recipients.length > 0 && reached.length === 0) {
    return red('replies', 'LETTER_NOT_AT_RECIPIENT_SYSTEM', null,
      { da: `Et brev fra en myndighed til ${org.name} kom i postkassen, men når ingen af modtagersystemerne ${recipients.map((r) => r.name).join(', ')}.`,
        en: `A letter from an authority to ${org.name} arrived in the mailbox but reaches none of the recipient systems ${recipients.map((r) => r.name).join(', ')}.` },
      { da: 'Se postkassens regler (Regler): en regel, der leverer til systemer, vælger ikke brevet.', en: 'Check the mailbox\'s rules (Rules): a rule that delivers to systems does not select the letter.' },
      `/organisationer/${encodeURIComponent(org.id)}/administration/regler`);
  }
  const where = reached.length > 0
    ? { da: `modtagersystemet ${reached.map((r) => r.name).join(', ')}`, en: `the recipient system ${reached.map((r) => r.name).join(', ')}` }
    : { da: 'postkassen (organisationen har intet modtagersystem)', en: 'the mailbox (the organisation has no recipient system)' };
  const forwarded = went?.forwarded ? { da: ' og videresendes med sikker e-mail', en: ' and is forwarded by secure e-mail' } : { da: '', en: '' };
  return green('replies', null, { da: `Et brev fra en myndighed til ${org.name} når ${where.da}${forwarded.da}.`, en: `A letter from an authority to ${org.name} reaches ${where.en}${forwarded.en}.` });
}
