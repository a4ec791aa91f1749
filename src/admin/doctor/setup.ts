import type { DoctorCheck } from '../../contract/index.ts';
import {
  contactPointsOfOrganisation, countMembers, countThreadsOfContactPoint, forwardingOfOrganisation, materialsOfOrganisation, materialsOutsideOwnGroups,
  sendersWithDefaultMaterial, systemsOfOrganisation, type Executor, type OrganisationWithMailbox,
} from '../../store/index.ts';
import { green, linkTo, red } from './report.ts';

const DAY = 86_400_000;
/** A deactivated contact point counts as still in use when a conversation referred to it this recently. */
export const IN_USE_DAYS = 90;

export type Organisation = OrganisationWithMailbox & { mailboxId: string };
export type SystemRow = Awaited<ReturnType<typeof systemsOfOrganisation>>[number];
export type ContactPointRow = Awaited<ReturnType<typeof contactPointsOfOrganisation>>[number];

/** What the checks read once. */
export interface SetUp {
  organisation: Organisation;
  systems: SystemRow[];
  contactPoints: ContactPointRow[];
  forwarding: Awaited<ReturnType<typeof forwardingOfOrganisation>>;
  members: number;
}

export async function readSetUp(db: Executor, organisation: Organisation): Promise<SetUp> {
  return {
    organisation,
    systems: await systemsOfOrganisation(db, organisation.id),
    contactPoints: await contactPointsOfOrganisation(db, organisation.id),
    forwarding: await forwardingOfOrganisation(db, organisation.id),
    members: await countMembers(db, organisation.id),
  };
}

export const activeSenders = (s: SetUp) => s.systems.filter((x) => x.kind === 'sender' && x.status === 'active');
export const activeRecipients = (s: SetUp) => s.systems.filter((x) => x.kind === 'recipient' && x.status === 'active');
export const defaultSender = (s: SetUp) => activeSenders(s).find((x) => x.is_default);

/** Exactly one default sender system: letters from the mail system and replies go out as it. */
export function defaultSenderCheck(s: SetUp): DoctorCheck[] {
  // a company or citizen-facing organisation that only receives needs no sender system
  if (s.organisation.kind !== 'authority' && activeSenders(s).length === 0) return [];
  return [senderCheck(s)];
}

function senderCheck(s: SetUp): DoctorCheck {
  const link = linkTo(s.organisation.id, 'systems');
  const defaults = activeSenders(s).filter((x) => x.is_default);
  if (defaults.length === 1) {
    const name = defaults[0]!.name;
    return green('systems', name, { da: `Standard-afsendersystemet er ${name}.`, en: `The default sender system is ${name}.` });
  }
  if (defaults.length > 1) {
    return red('systems', 'SEVERAL_DEFAULT_SENDERS', null,
      { da: `${defaults.length} systemer er markeret som standard-afsendersystem.`, en: `${defaults.length} systems are marked as the default sender system.` },
      { da: 'Vælg ét standard-afsendersystem under Systemer.', en: 'Choose one default sender system under Systems.' }, link);
  }
  const none = activeSenders(s).length === 0;
  return red('systems', 'NO_DEFAULT_SENDER', null,
    none
      ? { da: 'Organisationen har intet aktivt afsendersystem, så den har intet standard-afsendersystem: den kan ikke sende breve via API\'et, og post fra dens mailsystem og svar kan ikke sendes.',
          en: 'The organisation has no active sender system, so it has no default sender system: it cannot send letters through the API, and mail from its mail system and replies cannot be sent.' }
      : { da: 'Organisationen har intet standard-afsendersystem: post fra dens mailsystem og svar kan ikke sendes.', en: 'The organisation has no default sender system: mail from its mail system and replies cannot be sent.' },
    none
      ? { da: 'Opret et afsendersystem under Systemer (det bliver standard-afsendersystem), eller genaktivér det, I havde.', en: 'Create a sender system under Systems (it becomes the default sender system), or re-enable the one you had.' }
      : { da: 'Vælg et standard-afsendersystem under Systemer.', en: 'Choose a default sender system under Systems.' },
    link);
}

/**
 * Each active contact point has a receiver: the recipient system it names must be an active
 * recipient system; one that names none reaches the mailbox, which someone must be able to read or
 * some system fetch.
 */
export function contactPointReceiverChecks(s: SetUp): DoctorCheck[] {
  const link = linkTo(s.organisation.id, 'contact-points');
  const recipients = activeRecipients(s);
  const readers = s.organisation.activatedAt !== null && s.members > 0;
  const forwarding = s.forwarding?.status === 'active';
  return s.contactPoints.filter((cp) => cp.active).map((cp) => {
    if (cp.recipient_system_id !== null) {
      const system = s.systems.find((x) => x.id === cp.recipient_system_id);
      if (!system || system.status !== 'active' || system.kind !== 'recipient') {
        const name = system?.name ?? cp.recipient_system_id;
        return red('contact-points', 'CONTACT_POINT_RECEIVER_DISABLED', cp.name,
          { da: `Kontaktpunktet ${cp.name} sender sin post til modtagersystemet ${name}, som er deaktiveret: henvendelser og svar når intet system.`,
            en: `The contact point ${cp.name} routes its mail to the recipient system ${name}, which is disabled: messages and replies reach no system.` },
          { da: `Vælg et aktivt modtagersystem for ${cp.name} under Kontaktpunkter (eller intet, så posten går til postkassen).`,
            en: `Choose an active recipient system for ${cp.name} under Contact points (or none, so mail goes to the mailbox).` }, link);
      }
      return green('contact-points', cp.name, { da: `${cp.name} sender sin post til modtagersystemet ${system.name}.`, en: `${cp.name} routes its mail to the recipient system ${system.name}.` });
    }
    if (recipients.length === 0 && !readers && !forwarding) {
      return red('contact-points', 'CONTACT_POINT_WITHOUT_RECEIVER', cp.name,
        { da: `Kontaktpunktet ${cp.name} har ingen modtager: intet modtagersystem, ingen videresendelse og ingen personer, der kan læse postkassen.`,
          en: `The contact point ${cp.name} has no receiver: no recipient system, no forwarding and nobody who can read the mailbox.` },
        { da: 'Opret et modtagersystem under Systemer, giv personer adgang til postkassen, eller deaktivér kontaktpunktet.', en: 'Create a recipient system under Systems, give people access to the mailbox, or deactivate the contact point.' }, link);
    }
    const via = [
      ...(recipients.length > 0 ? [{
        da: `${recipients.length === 1 ? 'modtagersystemet' : 'modtagersystemerne'} ${recipients.map((r) => r.name).join(', ')}`,
        en: `the recipient system${recipients.length === 1 ? '' : 's'} ${recipients.map((r) => r.name).join(', ')}`,
      }] : []),
      ...(forwarding ? [{ da: 'sikker e-mail', en: 'secure e-mail' }] : []),
      ...(readers ? [{ da: `postkassen (${s.members} ${s.members === 1 ? 'person' : 'personer'})`, en: `the mailbox (${s.members} ${s.members === 1 ? 'person' : 'people'})` }] : []),
    ];
    return green('contact-points', cp.name, { da: `${cp.name} når ${via.map((v) => v.da).join(', ')}.`, en: `${cp.name} reaches ${via.map((v) => v.en).join(', ')}.` });
  });
}

/**
 * The gateway's addresses: the organisation's own (`<cvr>@…`) needs an activated mailbox; each active
 * contact point's mail name is one; a deactivated contact point that conversations still refer to is a
 * deleted address still in use.
 */
export async function addressChecks(db: Executor, s: SetUp, mailDomain: string, now: Date): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const own = `${s.organisation.cvr}@${mailDomain}`;
  if (s.organisation.activatedAt === null) {
    checks.push(red('addresses', 'MAILBOX_NOT_ACTIVATED', own,
      { da: `Organisationens postkasse er ikke aktiveret: post til ${own} og svar lander et sted, ingen kan læse.`, en: `The organisation's mailbox is not activated: mail to ${own} and replies land where nobody can read them.` },
      { da: 'En superadministrator aktiverer postkassen på administrationens forside.', en: 'A super-administrator activates the mailbox on the administration\'s front page.' },
      linkTo(s.organisation.id, 'overview')));
  } else {
    checks.push(green('addresses', own, { da: `${own} fører til organisationens postkasse.`, en: `${own} leads to the organisation's mailbox.` }));
  }
  for (const cp of s.contactPoints) {
    const address = cp.mail_name ? `${cp.mail_name}@${mailDomain}` : cp.name;
    if (cp.active) {
      if (cp.mail_name) checks.push(green('addresses', address, { da: `${address} fører til kontaktpunktet ${cp.name}.`, en: `${address} leads to the contact point ${cp.name}.` }));
      continue;
    }
    const threads = await countThreadsOfContactPoint(db, s.organisation.mailboxId, cp.id, new Date(now.getTime() - IN_USE_DAYS * DAY));
    if (threads === 0) continue;
    checks.push(red('addresses', 'DELETED_ADDRESS_IN_USE', address,
      { da: `Kontaktpunktet ${cp.name} er deaktiveret, men ${threads} ${threads === 1 ? 'samtale' : 'samtaler'} de seneste ${IN_USE_DAYS} dage henviser til det: nye henvendelser til ${address} afvises.`,
        en: `The contact point ${cp.name} is deactivated, but ${threads} ${threads === 1 ? 'conversation' : 'conversations'} in the last ${IN_USE_DAYS} days refer to it: new messages to ${address} are refused.` },
      { da: `Genaktivér ${cp.name} under Kontaktpunkter, eller ret afsendersystemer og mailsystemer, så de ikke længere bruger det.`,
        en: `Reactivate ${cp.name} under Contact points, or change the sender and mail systems so they no longer use it.` },
      linkTo(s.organisation.id, 'contact-points')));
  }
  return checks;
}

/**
 * Every material belongs to one of the organisation's subscription groups, and where the
 * organisation has materials every sender system has an active default one: else its letters
 * without a messageCode belong to no subscription group.
 */
export async function materialChecks(db: Executor, s: SetUp): Promise<DoctorCheck[]> {
  const materials = (await materialsOfOrganisation(db, s.organisation.id)).filter((m) => m.active);
  if (materials.length === 0) return [];
  const checks: DoctorCheck[] = [];
  const outside = await materialsOutsideOwnGroups(db, s.organisation.id);
  for (const m of outside) {
    checks.push(red('materials', 'MATERIAL_WITHOUT_SUBSCRIPTION_GROUP', m.code,
      { da: `Materialet ${m.code} (${m.name}) hører ikke til nogen af organisationens tilmeldingsgrupper.`, en: `The material ${m.code} (${m.name}) belongs to none of the organisation's subscription groups.` },
      { da: `Giv ${m.code} en af jeres tilmeldingsgrupper (PATCH …/materials/${m.id}, docs/admin.md).`, en: `Give ${m.code} one of your subscription groups (PATCH …/materials/${m.id}, docs/admin.md).` },
      linkTo(s.organisation.id, 'materials')));
  }
  if (outside.length === 0) {
    checks.push(green('materials', null, { da: `Alle ${materials.length} aktive materialer hører til en tilmeldingsgruppe.`, en: `All ${materials.length} active materials belong to a subscription group.` }));
  }
  for (const sender of await sendersWithDefaultMaterial(db, s.organisation.id)) {
    if (sender.material_code !== null && sender.material_active) {
      checks.push(green('materials', sender.name, { da: `${sender.name} sender som standard materialet ${sender.material_code}.`, en: `${sender.name} sends the material ${sender.material_code} by default.` }));
      continue;
    }
    const inactive = sender.material_code !== null;
    checks.push(red('materials', inactive ? 'DEFAULT_MATERIAL_INACTIVE' : 'SENDER_WITHOUT_DEFAULT_MATERIAL', sender.name,
      inactive
        ? { da: `${sender.name}s standardmateriale ${sender.material_code} er deaktiveret: breve uden messageCode fra systemet hører ikke til nogen tilmeldingsgruppe.`,
            en: `${sender.name}'s default material ${sender.material_code} is deactivated: letters without a messageCode from the system belong to no subscription group.` }
        : { da: `${sender.name} har intet standardmateriale: breve uden messageCode fra systemet hører ikke til nogen tilmeldingsgruppe.`,
            en: `${sender.name} has no default material: letters without a messageCode from the system belong to no subscription group.` },
      { da: `Giv ${sender.name} et aktivt standardmateriale (PUT …/systems/${sender.id}/default-material, docs/admin.md).`, en: `Give ${sender.name} an active default material (PUT …/systems/${sender.id}/default-material, docs/admin.md).` },
      linkTo(s.organisation.id, 'systems')));
  }
  return checks;
}

/** Secure e-mail, where it is set up: forwarding confirmed and running. */
export function forwardingCheck(s: SetUp): DoctorCheck[] {
  const f = s.forwarding;
  if (!f || f.status === 'disabled') return [];
  const link = linkTo(s.organisation.id, 'secure-mail');
  if (f.status === 'active') return [green('secure-mail', f.address, { da: `Post videresendes med sikker e-mail til ${f.address}.`, en: `Mail is forwarded by secure e-mail to ${f.address}.` })];
  if (f.status === 'pending') {
    return [red('secure-mail', 'FORWARDING_NOT_CONFIRMED', f.address,
      { da: `Videresendelsen til ${f.address} er ikke bekræftet: intet videresendes endnu.`, en: `Forwarding to ${f.address} is not confirmed: nothing is forwarded yet.` },
      { da: 'Åbn bekræftelseslinket i mailen til adressen, eller send et nyt fra Sikker e-mail.', en: 'Open the confirmation link in the mail to the address, or send a new one from Secure e-mail.' }, link)];
  }
  return [red('secure-mail', 'FORWARDING_PAUSED', f.address,
    { da: `Videresendelsen til ${f.address} er sat på pause${f.status_reason ? ` (${f.status_reason})` : ''}: posten bliver i postkassen.`, en: `Forwarding to ${f.address} is paused${f.status_reason ? ` (${f.status_reason})` : ''}: mail stays in the mailbox.` },
    { da: 'Ret årsagen (fx forny modtagercertifikatet) og genoptag under Sikker e-mail.', en: 'Fix the cause (e.g. renew the receiving certificate) and resume under Secure e-mail.' }, link)];
}
