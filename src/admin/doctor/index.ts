import type { DoctorCheck, DoctorReport } from '../../contract/index.ts';
import { parseCvr, Refusal, type Principal } from '../../domain/index.ts';
import { appendEvents, organisationWithMailboxByCvr, organisationWithMailboxById } from '../../store/index.ts';
import { actorOf, organisationNotFound, requireRole } from '../access.ts';
import type { AdminContext, ActorName } from '../context.ts';
import { certificateChecks, refusedCertificateChecks } from './certificates.ts';
import { rehearse } from './rehearsal.ts';
import { ordered } from './report.ts';
import { addressChecks, contactPointReceiverChecks, defaultSenderCheck, forwardingCheck, materialChecks, readSetUp, type Organisation } from './setup.ts';

/**
 * "Test om det virker" (docs/doctor.md): checks an organisation's whole set-up and proves it end to
 * end — its sender systems send, a reply to a letter from its default sender system comes back in its
 * thread to the recipient system its contact point names, mail from its mail system is delivered —
 * in a transaction that is rolled back, so no real mailbox, statistic or notification is touched.
 * Every check is green or red, and a red one says what to change and where.
 */
export interface DoctorContext extends AdminContext {
  /** MAIL_DOMAIN: the gateway's addresses are checked under it */
  mailDomain: string;
}

export async function runDoctor(ctx: DoctorContext, organisation: Organisation, actor: ActorName, now = new Date()): Promise<DoctorReport> {
  const started = Date.now();
  const setUp = await readSetUp(ctx.db, organisation);
  const checks: DoctorCheck[] = [
    ...defaultSenderCheck(setUp),
    ...contactPointReceiverChecks(setUp),
    ...await addressChecks(ctx.db, setUp, ctx.mailDomain, now),
    ...await materialChecks(ctx.db, setUp),
    ...forwardingCheck(setUp),
    ...await certificateChecks(ctx.db, organisation.id, now),
    ...await refusedCertificateChecks(ctx.db, organisation.id),
    ...await rehearse(ctx.db, ctx.eventChains, setUp),
  ];
  const red = checks.filter((c) => c.status === 'red');
  await appendEvents(ctx.db, ctx.eventChains, [{
    type: 'SELF_TEST_RUN', actor, mailboxId: organisation.mailboxId,
    data: { organisationId: organisation.id, checks: checks.length, red: [...new Set(red.map((c) => c.code))] },
  }]);
  return {
    organisation: { id: organisation.id, name: organisation.name, cvr: organisation.cvr },
    at: now.toISOString(), ok: red.length === 0, checks: ordered(checks), durationMs: Date.now() - started,
  };
}

function withMailbox(organisation: Awaited<ReturnType<typeof organisationWithMailboxById>>): Organisation | undefined {
  return organisation?.mailboxId ? { ...organisation, mailboxId: organisation.mailboxId } : undefined;
}

/** The portal's button: the organisation's administrators. */
export async function selfTest(ctx: DoctorContext, principal: Principal, organisationId: string): Promise<DoctorReport> {
  requireRole(principal, organisationId, 'self-test');
  const organisation = withMailbox(await organisationWithMailboxById(ctx.db, organisationId));
  if (!organisation) throw organisationNotFound();
  return runDoctor(ctx, organisation, actorOf(principal));
}

/** `kuvert doctor <cvr>` through the operator API. */
export async function selfTestByCvr(ctx: DoctorContext, actor: ActorName, cvr: string): Promise<DoctorReport> {
  const valid = parseCvr(cvr);
  if (!valid) throw new Refusal('invalid', 'CVR_INVALID', 'A CVR number is 8 digits, not starting with 0.');
  const organisation = withMailbox(await organisationWithMailboxByCvr(ctx.db, valid));
  if (!organisation) throw new Refusal('not-found', 'ORGANISATION_NOT_FOUND', `No organisation with CVR ${valid} has a mailbox.`);
  return runDoctor(ctx, organisation, actor);
}
