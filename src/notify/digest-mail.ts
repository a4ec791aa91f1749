import { NOTIFICATION_MAIL_KIND, type QueuedMail } from '../store/index.ts';

// The notification of new mail: Danish first, then English, as the other mails to people. It says only
// that there is new mail, how many letters in which folders, and where to read it: never a sender, a
// title, a text, a CPR number or a citizen's name (a citizen reads "din digitale postkasse"). An
// organisation is named (its name is in the public CVR register) so that a person who gets notices for
// more than one knows which mailbox to open.

export interface DigestFolder {
  name: string;
  letters: number;
}

export interface DigestContent {
  to: string;
  /** null: a citizen's own mailbox */
  organisation: { id: string; name: string } | null;
  folders: readonly DigestFolder[];
  /** where to read the mail (the portal, at the mailbox) */
  link: string;
  unsubscribeLink: string;
}

const lettersDa = (n: number) => (n === 1 ? '1 nyt brev' : `${n} nye breve`);
const lettersEn = (n: number) => (n === 1 ? '1 new letter' : `${n} new letters`);

/** The digest as a mail to queue: subject, text, and the List-Unsubscribe link. */
export function digestMail(content: DigestContent): QueuedMail {
  const org = content.organisation;
  const subject = org
    ? `Ny Digital Post til ${org.name} / New Digital Post for ${org.name}`
    : 'Du har fået ny Digital Post / You have new Digital Post';
  const da = [
    org ? `Der er kommet ny Digital Post til ${org.name} i Kuvert:` : 'Du har fået ny Digital Post i din digitale postkasse i Kuvert:',
    '',
    ...content.folders.map((f) => `  ${lettersDa(f.letters)} i ${f.name}`),
    '',
    'Log ind og læs posten her:',
    content.link,
    '',
    'Af hensyn til sikkerheden står der aldrig i denne e-mail, hvem posten er fra, eller hvad den handler om.',
    '',
    'Du får denne e-mail, fordi adressen er tilmeldt beskeder om ny post i postkassen. Afmeld beskederne her:',
    content.unsubscribeLink,
  ];
  const en = [
    org ? `There is new Digital Post for ${org.name} in Kuvert:` : 'You have new Digital Post in your digital mailbox in Kuvert:',
    '',
    ...content.folders.map((f) => `  ${lettersEn(f.letters)} in ${f.name}`),
    '',
    'Log in and read it here:',
    content.link,
    '',
    'For your security this e-mail never says who the mail is from or what it is about.',
    '',
    'You get this e-mail because this address is signed up for notices of new mail in the mailbox. Unsubscribe here:',
    content.unsubscribeLink,
  ];
  return {
    kind: NOTIFICATION_MAIL_KIND,
    organisationId: org?.id ?? null,
    to: content.to,
    subject,
    text: [...da, '', '---', '', ...en, ''].join('\n'),
    listUnsubscribe: content.unsubscribeLink,
  };
}
