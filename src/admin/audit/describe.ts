import type { AuditActor, AuditChange, Localized } from '../../contract/index.ts';
import { describeRule, type RuleBody } from '../../domain/index.ts';
import type { AuditEventType } from './catalogue.ts';

/**
 * An audit entry in words (docs/audit.md): what happened as one sentence in Danish and in English,
 * and the settings that changed with their values before and after — built from the event's type and
 * data, with the names of the ids it holds (people, folders, contact points, systems …) as they are
 * now. The same words serve the portal and the CSV file. Pure.
 */

const l = (da: string, en: string): Localized => ({ da, en });
const same = (text: string): Localized => ({ da: text, en: text });

type Data = Record<string, unknown>;
type Names = ReadonlyMap<string, string>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every id (UUID) anywhere in the data: what the names are looked up for. */
export function idsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') {
    if (UUID.test(value)) into.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) idsIn(v, into);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) idsIn(v, into);
  }
  return into;
}

// --- who ----------------------------------------------------------------------------------------------

/** Who acted, from the event's actor: a person (by their name now), an operator, the identity provider, or Kuvert itself. */
export function auditActor(actor: string, names: Names): AuditActor {
  if (actor.startsWith('user:')) {
    const userId = actor.slice('user:'.length);
    return { kind: 'user', id: actor, name: names.get(userId) ?? '', userId };
  }
  if (actor === 'cli') return { kind: 'operator', id: actor, name: '' };
  if (actor.startsWith('operator:')) return { kind: 'operator', id: actor, name: actor.slice('operator:'.length) };
  if (actor === 'idp') return { kind: 'idp', id: actor, name: '' };
  return { kind: 'kuvert', id: actor, name: actor === 'kuvert' ? '' : actor };
}

/** The actor for people to read, in one language (the CSV file; the portal words it itself). */
export function actorText(actor: AuditActor, lang: 'da' | 'en'): string {
  switch (actor.kind) {
    case 'user': return actor.name || (lang === 'da' ? 'Ukendt person' : 'Unknown person');
    case 'operator': return actor.name
      ? (lang === 'da' ? `Operatør (nøglen ${actor.name})` : `Operator (key ${actor.name})`)
      : (lang === 'da' ? 'Operatør (kommandolinjen)' : 'Operator (command line)');
    case 'idp': return lang === 'da' ? 'Login-tjenesten' : 'The identity provider';
    case 'kuvert': return actor.id === 'notification-link' ? (lang === 'da' ? 'Link i en notifikationsmail' : 'A link in a notification mail')
      : actor.id === 'demo' ? (lang === 'da' ? 'Kuvert (demodata)' : 'Kuvert (demo data)') : 'Kuvert';
  }
}

// --- values -------------------------------------------------------------------------------------------

const FIELD: Record<string, Localized> = {
  name: l('Navn', 'Name'),
  description: l('Beskrivelse', 'Description'),
  parentId: l('Overordnet kontaktpunkt', 'Parent contact point'),
  visible: l('Synligt i søgning', 'Visible in search'),
  whoMayWrite: l('Hvem må skrive', 'Who may write'),
  maxSizeMb: l('Største brev (MB)', 'Largest letter (MB)'),
  maxAttachments: l('Højst antal bilag', 'Most attachments'),
  fileTypes: l('Filtyper', 'File types'),
  recipientSystemId: l('Modtagersystem', 'Recipient system'),
  mailName: l('Mailnavn', 'Mail name'),
  active: l('Aktiv', 'Active'),
  code: l('Kode', 'Code'),
  subscriptionGroupId: l('Tilmeldingsgruppe', 'Subscription group'),
  mandatory: l('Obligatorisk', 'Mandatory'),
  replyAllowed: l('Kan besvares', 'Reply allowed'),
  labelPrefix: l('Titelpræfiks', 'Label prefix'),
  materialId: l('Standardmateriale', 'Default material'),
  role: l('Rolle', 'Role'),
  folderIds: l('Mapper', 'Folders'),
  level: l('Niveau', 'Level'),
  enabled: l('Slået til', 'Enabled'),
  rule: l('Regel', 'Rule'),
  order: l('Rækkefølge', 'Order'),
  defaultSender: l('Standardafsendersystem', 'Default sender system'),
  kind: l('Slags', 'Kind'),
  status: l('Status', 'Status'),
  responsibleUserId: l('Ansvarlig person', 'Responsible person'),
  responsibleUnit: l('Ansvarlig enhed', 'Responsible unit'),
  thresholdHours: l('Frist (timer)', 'Threshold (hours)'),
  fetchAlertHours: l('Advarsel efter timer uden hentning', 'Alert after hours without a fetch'),
  scope: l('Hvad videresendes', 'What is forwarded'),
  subject: l('Udstedt til', 'Issued to'),
  serialNumber: l('Serienummer', 'Serial number'),
  certificate: l('Certifikat (SHA-256)', 'Certificate (SHA-256)'),
  notAfter: l('Gyldigt til', 'Valid until'),
  graceHours: l('Gammel hemmelighed virker (timer)', 'Old secret works (hours)'),
  expiresAt: l('Udløber', 'Expires'),
};

const FIELD_ORDER = Object.keys(FIELD);

const ROLE: Record<string, Localized> = {
  'super-admin': l('superadministrator', 'super administrator'),
  admin: l('administrator', 'administrator'),
  writer: l('skriver', 'writer'),
  reader: l('læser', 'reader'),
};
const ENUMS: Record<string, Record<string, Localized>> = {
  role: ROLE,
  level: { standard: l('standard', 'standard'), extended: l('udvidet', 'extended') },
  kind: { sender: l('afsendersystem', 'sender system'), recipient: l('modtagersystem', 'recipient system') },
  status: { active: l('aktiv', 'active'), disabled: l('slået fra', 'disabled') },
  scope: { all: l('al post', 'all mail'), rules: l('post efter regler', 'mail by rules') },
  whoMayWrite: { citizen: l('borgere', 'citizens'), company: l('virksomheder', 'companies'), authority: l('myndigheder', 'authorities') },
};
const NONE: Record<string, Localized> = {
  folderIds: l('alle mapper', 'all folders'),
  fileTypes: l('alle filtyper', 'every file type'),
};

const joined = (parts: Localized[]): Localized => ({ da: parts.map((p) => p.da).join(', '), en: parts.map((p) => p.en).join(', ') });

const TIME = { da: new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' }) };

/** A rule's sentence (conditions and actions as the rules page words them; CPR numbers masked). */
function ruleText(rule: Pick<RuleBody, 'conditions' | 'actions' | 'stopHere'>, names: Names): Localized {
  const all = new Map(names);
  const maps = { folders: all, systems: all, people: all };
  try {
    return { da: describeRule(rule, 'da', maps), en: describeRule(rule, 'en', maps) };
  } catch {
    return same(JSON.stringify(rule));
  }
}

/** One value of a setting, for people to read. */
export function valueText(field: string, value: unknown, names: Names): Localized {
  if (value === null || value === undefined) return NONE[field] ?? l('(ingen)', '(none)');
  if (typeof value === 'boolean') return value ? l('ja', 'yes') : l('nej', 'no');
  if (typeof value === 'number') return same(String(value));
  if (typeof value === 'string') {
    const word = ENUMS[field]?.[value];
    if (word) return word;
    if (UUID.test(value)) return same(names.get(value) ?? `(${value.slice(0, 8)}…)`);
    if ((field === 'expiresAt' || field === 'notAfter') && !Number.isNaN(Date.parse(value))) return { da: TIME.da.format(new Date(value)), en: TIME.en.format(new Date(value)) };
    return same(value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return l('(ingen)', '(none)');
    return joined(value.map((v) => valueText(field, v, names)));
  }
  if (typeof value === 'object') {
    const object = value as Data;
    if (typeof object.da === 'string' && typeof object.en === 'string') return { da: object.da, en: object.en };
    if (field === 'rule' && Array.isArray(object.conditions) && Array.isArray(object.actions)) return ruleText(object as unknown as RuleBody, names);
    return same(JSON.stringify(value));
  }
  return same(String(value));
}

// --- before and after ---------------------------------------------------------------------------------

type Sides = { before?: Data | undefined; after?: Data | undefined };

const obj = (value: unknown): Data | undefined => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Data : undefined);

/**
 * The values before and after: `before`/`after` in the event's data where the service wrote them,
 * otherwise what events written before them (or that carry their values under other names) hold.
 */
export function sidesOf(type: string, data: Data): Sides {
  if (data.before !== undefined || data.after !== undefined) return { before: obj(data.before), after: obj(data.after) };
  const role = (d: Data | undefined) => (d ? { role: d.role, folderIds: d.folderIds ?? null } : undefined);
  switch (type as AuditEventType) {
    case 'MEMBERSHIP_GRANTED': case 'ACCESS_REQUESTED': case 'ACCESS_APPROVED': return { after: role(data) };
    case 'MEMBERSHIP_CHANGED': return { before: role(obj(data.from)), after: role(obj(data.to)) };
    case 'MEMBERSHIP_REVOKED': return { before: { role: data.role } };
    case 'INVITATION_CREATED': return { after: { role: data.role, folderIds: data.folderIds ?? null, expiresAt: data.expiresAt } };
    case 'MAILBOX_ACTIVATED': return { after: { level: data.level } };
    case 'MAILBOX_LEVEL_CHANGED': return { before: { level: data.from }, after: { level: data.to } };
    case 'SYSTEM_CREATED': return { after: { name: data.name, kind: data.kind } };
    case 'SYSTEM_DISABLED': return { before: { status: 'active' }, after: { status: 'disabled' } };
    case 'SYSTEM_SECRET_ROTATED': return { after: { graceHours: data.graceHours } };
    case 'SYSTEM_DEFAULT_CHANGED': return { before: { defaultSender: data.previousSystemId ?? null }, after: { defaultSender: data.systemId ?? null } };
    case 'SYSTEM_DEFAULT_MATERIAL_SET': return { after: { materialId: data.materialId ?? null } };
    case 'SYSTEM_WATCH_SET': return { after: { fetchAlertHours: data.fetchAlertHours ?? null } };
    case 'FORWARDING_CONFIGURED': return { after: { scope: data.scope, certificate: data.certificate } };
    case 'MAIL_CERTIFICATE_REGISTERED': return { after: { certificate: data.certificate } };
    case 'MAIL_CERTIFICATE_REMOVED': return { before: { certificate: data.certificate } };
    case 'SYSTEM_CERTIFICATE_REGISTERED': return { after: { subject: data.subject, serialNumber: data.serialNumber, certificate: data.certificate, notAfter: data.notAfter } };
    case 'SYSTEM_CERTIFICATE_REMOVED': return { before: { subject: data.subject, serialNumber: data.serialNumber, certificate: data.certificate } };
    case 'CONTACT_POINT_CREATED': case 'SUBSCRIPTION_GROUP_CREATED': return { after: { name: data.name } };
    case 'CONTACT_POINT_DEACTIVATED': return { before: { active: true }, after: { active: false } };
    case 'CONTACT_POINT_REACTIVATED': return { before: { active: false }, after: { active: true } };
    case 'SUBSCRIPTION_GROUP_CHANGED': return { after: { name: data.name } };
    case 'MATERIAL_CREATED': return { after: { code: data.code, subscriptionGroupId: data.subscriptionGroupId } };
    case 'RULE_CREATED': return { after: { name: data.name, enabled: data.enabled } };
    case 'RULE_DELETED': return { before: { name: data.name } };
    case 'RULE_DISABLED': return { before: { enabled: true }, after: { enabled: false } };
    case 'RULES_REORDERED': return { after: { order: data.ruleIds } };
    case 'NOTIFICATION_ADDRESS_ADDED': case 'NOTIFICATION_RECIPIENTS_CHANGED': return { after: { folderIds: data.folderIds ?? null } };
    case 'FOLDER_WATCH_SET': return { after: { responsibleUserId: data.responsibleUserId ?? null, thresholdHours: data.thresholdHours } };
    default: return {};
  }
}

/** The settings that changed, each with its label and its value before and after. */
export function changesOf(sides: Sides, names: Names): AuditChange[] {
  // in the order of FIELD (the event log keeps its keys sorted alphabetically), unknown ones last
  const order = (field: string) => (field in FIELD ? FIELD_ORDER.indexOf(field) : FIELD_ORDER.length);
  const fields = [...new Set([...Object.keys(sides.before ?? {}), ...Object.keys(sides.after ?? {})])].sort((a, b) => order(a) - order(b));
  return fields.map((field) => ({
    field,
    label: FIELD[field] ?? same(field),
    before: sides.before && field in sides.before ? valueText(field, sides.before[field], names) : null,
    after: sides.after && field in sides.after ? valueText(field, sides.after[field], names) : null,
  }));
}

// --- what ---------------------------------------------------------------------------------------------

/** "Name" of the thing an id names: the name the event recorded (as it was then), else its name now, else a short id. */
function quoted(names: Names, id: unknown, recorded?: unknown): string {
  const name = (typeof recorded === 'string' ? recorded : undefined) ?? (typeof id === 'string' ? names.get(id) : undefined);
  if (name !== undefined) return `"${name}"`;
  return typeof id === 'string' ? `(${id.slice(0, 8)}…)` : '';
}

const count = (n: unknown) => (typeof n === 'number' ? n : 0);

/** What happened, as one sentence in each language. */
export function whatOf(type: string, data: Data, names: Names): Localized {
  const after = obj(data.after);
  const before = obj(data.before);
  const person = () => (typeof data.userId === 'string' ? names.get(data.userId) ?? `(${data.userId.slice(0, 8)}…)` : '');
  const system = quoted(names, data.systemId);
  const contactPoint = quoted(names, data.contactPointId, after?.name ?? data.name);
  const group = quoted(names, data.subscriptionGroupId, after?.name ?? data.name);
  const material = quoted(names, data.materialId, after?.code ?? data.code);
  const folder = quoted(names, data.folderId, after?.name ?? before?.name);
  const rule = quoted(names, data.ruleId, data.name ?? after?.name ?? before?.name);
  const address = quoted(names, data.addressId);
  switch (type as AuditEventType) {
    case 'REGISTRY_ORGANISATION_CREATED': return l('Organisationen blev oprettet fra registeret', 'The organisation was created from the registry');
    case 'REGISTRY_ORGANISATION_CHANGED': {
      const changes = Array.isArray(data.changes) ? ` (${data.changes.join(', ')})` : '';
      return l(`Organisationens oplysninger fra registeret blev ændret${changes}`, `The organisation's registry data changed${changes}`);
    }
    case 'REGISTRY_ORGANISATION_CLOSED': return l('Organisationen blev lukket i registeret', 'The organisation was closed in the registry');
    case 'MAILBOX_ACTIVATED': return l('Postkassen blev aktiveret', 'The mailbox was activated');
    case 'MAILBOX_LEVEL_CHANGED': {
      const moved = count(data.movedMessages);
      const removed = count(data.removedFolders);
      return moved + removed > 0
        ? l(`Postkassens niveau blev ændret (${moved} breve flyttet til Indbakke, ${removed} mapper fjernet)`,
          `The mailbox's level changed (${moved} letters moved to Indbakke, ${removed} folders removed)`)
        : l('Postkassens niveau blev ændret', 'The mailbox\'s level changed');
    }
    case 'MEMBERSHIP_GRANTED': return l(`${person()} fik adgang`, `${person()} was given access`);
    case 'MEMBERSHIP_CHANGED': return l(`Adgangen for ${person()} blev ændret`, `The access of ${person()} was changed`);
    case 'MEMBERSHIP_REVOKED': return l(`Adgangen for ${person()} blev fjernet`, `The access of ${person()} was revoked`);
    case 'FIRST_ADMINISTRATOR_FROM_IDP': return l(`${person()} blev superadministrator som organisationens ledende administrator i login-tjenesten`,
      `${person()} became super administrator as the organisation's lead administrator at the identity provider`);
    case 'ACCESS_REQUESTED': return l(`${person()} bad om adgang`, `${person()} asked for access`);
    case 'ACCESS_REQUEST_WITHDRAWN': return l(`${person()} trak sin anmodning om adgang tilbage`, `${person()} withdrew their request for access`);
    case 'ACCESS_APPROVED': return l(`Anmodningen om adgang fra ${person()} blev godkendt`, `The request for access from ${person()} was approved`);
    case 'ACCESS_REJECTED': return l(`Anmodningen om adgang fra ${person()} blev afvist`, `The request for access from ${person()} was rejected`);
    case 'INVITATION_CREATED': return l('En invitation blev sendt', 'An invitation was sent');
    case 'INVITATION_ACCEPTED': return l(`${person()} tog imod en invitation`, `${person()} accepted an invitation`);
    case 'INVITATION_REVOKED': return l('En invitation blev trukket tilbage', 'An invitation was revoked');
    case 'SYSTEM_CREATED': return l(`Systemet ${quoted(names, data.systemId, data.name)} blev oprettet`, `The system ${quoted(names, data.systemId, data.name)} was created`);
    case 'SYSTEM_SECRET_ROTATED': return l(`Systemet ${system} fik en ny hemmelighed`, `The system ${system} was given a new secret`);
    case 'SYSTEM_DISABLED': return l(`Systemet ${system} blev slået fra`, `The system ${system} was disabled`);
    case 'SYSTEM_DEFAULT_CHANGED': return l('Standardafsendersystemet blev ændret', 'The default sender system changed');
    case 'SYSTEM_DEFAULT_MATERIAL_SET': return l(`Standardmaterialet for systemet ${system} blev ændret`, `The default material of the system ${system} changed`);
    case 'SYSTEM_CERTIFICATE_REGISTERED': return l(`Et klientcertifikat blev registreret for systemet ${system}`, `A client certificate was registered for the system ${system}`);
    case 'SYSTEM_CERTIFICATE_REMOVED': return l(`Et klientcertifikat blev fjernet fra systemet ${system}`, `A client certificate was removed from the system ${system}`);
    case 'FORWARDING_CONFIGURED': return l('Videresendelse med sikker e-mail blev sat op', 'Forwarding by secure e-mail was set up');
    case 'FORWARDING_CONFIRMATION_REQUESTED': return l('Bekræftelsen af videresendelsen blev sendt igen', 'The forwarding confirmation was sent again');
    case 'FORWARDING_CONFIRMED': return l('Videresendelse med sikker e-mail blev bekræftet', 'Forwarding by secure e-mail was confirmed');
    case 'FORWARDING_DISABLED': return l('Videresendelse med sikker e-mail blev slået fra', 'Forwarding by secure e-mail was disabled');
    case 'MAIL_CERTIFICATE_REGISTERED': return l('Et certifikat til organisationens mailsystem blev registreret', 'A certificate of the organisation\'s mail system was registered');
    case 'MAIL_CERTIFICATE_REMOVED': return l('Et certifikat til organisationens mailsystem blev fjernet', 'A certificate of the organisation\'s mail system was removed');
    case 'CONTACT_POINT_CREATED': return l(`Kontaktpunktet ${contactPoint} blev oprettet`, `The contact point ${contactPoint} was created`);
    case 'CONTACT_POINT_CHANGED': return l(`Kontaktpunktet ${contactPoint} blev ændret`, `The contact point ${contactPoint} was changed`);
    case 'CONTACT_POINT_DEACTIVATED': return l(`Kontaktpunktet ${contactPoint} blev deaktiveret`, `The contact point ${contactPoint} was deactivated`);
    case 'CONTACT_POINT_REACTIVATED': return l(`Kontaktpunktet ${contactPoint} blev genaktiveret`, `The contact point ${contactPoint} was reactivated`);
    case 'SUBSCRIPTION_GROUP_CREATED': return l(`Tilmeldingsgruppen ${group} blev oprettet`, `The subscription group ${group} was created`);
    case 'SUBSCRIPTION_GROUP_CHANGED': return l(`Tilmeldingsgruppen ${group} blev ændret`, `The subscription group ${group} was changed`);
    case 'MATERIAL_CREATED': return l(`Materialet ${material} blev oprettet`, `The material ${material} was created`);
    case 'MATERIAL_CHANGED': return l(`Materialet ${material} blev ændret`, `The material ${material} was changed`);
    case 'FOLDER_CREATED': return l(`Mappen ${folder} blev oprettet`, `The folder ${folder} was created`);
    case 'FOLDER_UPDATED': return l(`Mappen ${folder} blev omdøbt`, `The folder ${folder} was renamed`);
    case 'FOLDER_DELETED': return data.reason === 'MAILBOX_LEVEL_CHANGED'
      ? l(`Mappen ${folder} blev fjernet, da postkassen blev standard`, `The folder ${folder} was removed when the mailbox became standard`)
      : l(`Mappen ${folder} blev slettet`, `The folder ${folder} was deleted`);
    case 'RULE_CREATED': return l(`Reglen ${rule} blev oprettet`, `The rule ${rule} was created`);
    case 'RULE_CHANGED': return l(`Reglen ${rule} blev ændret`, `The rule ${rule} was changed`);
    case 'RULE_DELETED': return l(`Reglen ${rule} blev slettet`, `The rule ${rule} was deleted`);
    case 'RULE_DISABLED': return l(`Reglen ${rule} blev slået fra, da postkassen blev standard`, `The rule ${rule} was disabled when the mailbox became standard`);
    case 'RULES_REORDERED': return l('Reglernes rækkefølge blev ændret', 'The order of the rules changed');
    case 'RULES_REAPPLIED': return l(`Reglerne blev anvendt igen på Indbakke (${count(data.moved)} breve flyttet)`, `The rules were applied again to Indbakke (${count(data.moved)} letters moved)`);
    case 'RULE_RUN_UNDONE': return l(`En genanvendelse af reglerne blev fortrudt (${count(data.movedBack)} breve flyttet tilbage)`,
      `A new application of the rules was undone (${count(data.movedBack)} letters moved back)`);
    case 'NOTIFICATION_ADDRESS_ADDED': return l(`Adressen ${address} skal have besked om ny post`, `The address ${address} is to be told of new mail`);
    case 'NOTIFICATION_ADDRESS_CONFIRMED': return l(`Adressen ${address} blev bekræftet`, `The address ${address} was confirmed`);
    case 'NOTIFICATION_ADDRESS_REMOVED': return l('En adresse får ikke længere besked om ny post', 'An address is no longer told of new mail');
    case 'NOTIFICATION_RECIPIENTS_CHANGED': {
      const who = typeof data.userId === 'string' ? person() : address;
      return Array.isArray(data.folderIds) && data.folderIds.length === 0
        ? l(`${who} får ikke længere besked om ny post`, `${who} is no longer told of new mail`)
        : l(`Hvad ${who} får besked om blev ændret`, `What ${who} is told of changed`);
    }
    case 'NOTIFICATION_UNSUBSCRIBED': return l('En adresse blev afmeldt med linket i en notifikation', 'An address was unsubscribed by the link in a notification');
    case 'FOLDER_WATCH_SET': return l(`Tømningen af mappen ${folder} blev sat`, `The emptying watch of the folder ${folder} was set`);
    case 'FOLDER_WATCH_REMOVED': return l(`Tømningen af mappen ${folder} blev fjernet`, `The emptying watch of the folder ${folder} was removed`);
    case 'SYSTEM_WATCH_SET': return l(`Advarslen for modtagersystemet ${system} blev ændret`, `The alert of the recipient system ${system} changed`);
    default: return same(type);
  }
}
