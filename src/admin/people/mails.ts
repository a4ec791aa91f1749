import type { Role } from '../../domain/index.ts';
import type { QueuedMail } from '../../store/index.ts';

// The mails of people and roles: plain text, Danish first, then English, each with a link to Kuvert
// (PUBLIC_URL). Never a CPR number, a token other than the link's own, or letter contents.

const ROLE_DA: Record<Role, string> = { 'super-admin': 'superadministrator', admin: 'administrator', writer: 'skriver', reader: 'læser' };
const ROLE_EN: Record<Role, string> = { 'super-admin': 'super-administrator', admin: 'administrator', writer: 'writer', reader: 'reader' };

export interface Access { role: Role; folders: readonly string[] | null }

const accessDa = ({ role, folders }: Access) => `${ROLE_DA[role]}${folders ? ` (kun mapperne: ${folders.join(', ')})` : ''}`;
const accessEn = ({ role, folders }: Access) => `${ROLE_EN[role]}${folders ? ` (only the folders: ${folders.join(', ')})` : ''}`;

const mail = (kind: string, to: string, organisationId: string | null, subject: string, da: string[], en: string[]): QueuedMail => ({
  kind, to, organisationId, subject, text: [...da, '', '---', '', ...en, ''].join('\n'),
});

export function emailConfirmationMail(to: string, name: string, link: string): QueuedMail {
  return mail('email-confirmation', to, null, 'Bekræft din e-mailadresse i Kuvert / Confirm your e-mail address in Kuvert', [
    `Hej ${name}`,
    '',
    'Du har givet denne e-mailadresse i Kuvert. Bekræft den ved at åbne linket (logget ind som dig selv) inden for 24 timer:',
    link,
    '',
    'Har du ikke selv givet adressen, kan du se bort fra denne mail.',
  ], [
    `Hello ${name}`,
    '',
    'You gave this e-mail address in Kuvert. Confirm it by opening the link (logged in as yourself) within 24 hours:',
    link,
    '',
    'If you did not give this address yourself, you can ignore this mail.',
  ]);
}

export function accessRequestMail(to: string, request: { organisationId: string; organisationName: string; personName: string; access: Access; message: string | null; link: string }): QueuedMail {
  return mail('access-request', to, request.organisationId, `Anmodning om adgang til ${request.organisationName} / Access request`, [
    `${request.personName} beder om adgang til ${request.organisationName}s digitale post i Kuvert som ${accessDa(request.access)}.`,
    ...(request.message ? ['', 'Besked:', request.message] : []),
    '',
    'Godkend eller afvis anmodningen her:',
    request.link,
  ], [
    `${request.personName} asks for access to ${request.organisationName}'s digital post in Kuvert as ${accessEn(request.access)}.`,
    ...(request.message ? ['', 'Message:', request.message] : []),
    '',
    'Approve or reject the request here:',
    request.link,
  ]);
}

export function accessApprovedMail(to: string, decision: { organisationId: string; organisationName: string; access: Access; link: string }): QueuedMail {
  return mail('access-approved', to, decision.organisationId, `Du har fået adgang til ${decision.organisationName} / Access granted`, [
    `Din anmodning om adgang til ${decision.organisationName}s digitale post i Kuvert er godkendt.`,
    `Du har adgang som ${accessDa(decision.access)}.`,
    '',
    'Log ind her:',
    decision.link,
  ], [
    `Your request for access to ${decision.organisationName}'s digital post in Kuvert has been approved.`,
    `You have access as ${accessEn(decision.access)}.`,
    '',
    'Log in here:',
    decision.link,
  ]);
}

export function accessRejectedMail(to: string, decision: { organisationId: string; organisationName: string; reason: string; link: string }): QueuedMail {
  return mail('access-rejected', to, decision.organisationId, `Din anmodning om adgang til ${decision.organisationName} er afvist / Access request rejected`, [
    `Din anmodning om adgang til ${decision.organisationName}s digitale post i Kuvert er afvist.`,
    '',
    'Begrundelse:',
    decision.reason,
    '',
    `Kuvert: ${decision.link}`,
  ], [
    `Your request for access to ${decision.organisationName}'s digital post in Kuvert has been rejected.`,
    '',
    'Reason:',
    decision.reason,
    '',
    `Kuvert: ${decision.link}`,
  ]);
}

export function accessRevokedMail(to: string, revocation: { organisationId: string; organisationName: string; reason: string | null; link: string }): QueuedMail {
  return mail('access-revoked', to, revocation.organisationId, `Din adgang til ${revocation.organisationName} er ophørt / Access revoked`, [
    `Din adgang til ${revocation.organisationName}s digitale post i Kuvert er ophørt, og du er logget ud.`,
    ...(revocation.reason ? ['', 'Begrundelse:', revocation.reason] : []),
    '',
    `Kuvert: ${revocation.link}`,
  ], [
    `Your access to ${revocation.organisationName}'s digital post in Kuvert has been revoked, and you have been logged out.`,
    ...(revocation.reason ? ['', 'Reason:', revocation.reason] : []),
    '',
    `Kuvert: ${revocation.link}`,
  ]);
}

export function invitationMail(to: string, invitation: { organisationId: string; organisationName: string; access: Access; link: string; expiresAt: Date }): QueuedMail {
  const until = invitation.expiresAt.toISOString().slice(0, 16).replace('T', ' ');
  return mail('invitation', to, invitation.organisationId, `Invitation til ${invitation.organisationName}s digitale post / Invitation to Kuvert`, [
    `Du er inviteret til ${invitation.organisationName}s digitale post i Kuvert som ${accessDa(invitation.access)}.`,
    `Åbn linket og log ind med MitID Erhverv for ${invitation.organisationName}. Linket virker én gang, til ${until} UTC:`,
    invitation.link,
  ], [
    `You are invited to ${invitation.organisationName}'s digital post in Kuvert as ${accessEn(invitation.access)}.`,
    `Open the link and log in with MitID Erhverv for ${invitation.organisationName}. The link works once, until ${until} UTC:`,
    invitation.link,
  ]);
}
