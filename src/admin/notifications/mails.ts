import { NOTIFICATION_CONFIRMATION_KIND, type QueuedMail } from '../../store/index.ts';

// The mail that confirms a notification address: Danish first, then English, with the single-use link.
// It names an organisation (public in the CVR register), never a citizen: the address may have been
// mistyped, and the mail then reaches a stranger.

/** Danish genitive: "Kommunens", "Demo ApS'". */
export const genitive = (name: string): string => (/[sxz]$/i.test(name) ? `${name}'` : `${name}s`);

export function notificationConfirmationMail(to: string, confirmation: { organisation: { id: string; name: string } | null; link: string; hours: number }): QueuedMail {
  const org = confirmation.organisation;
  const da = [
    org
      ? `${genitive(org.name)} administratorer har bedt om, at denne e-mailadresse får besked, når der kommer ny Digital Post til ${org.name} i Kuvert.`
      : 'Du har bedt om at få besked på denne e-mailadresse, når der kommer ny Digital Post i din digitale postkasse i Kuvert.',
    '',
    `Bekræft adressen ved at åbne linket inden for ${confirmation.hours} timer. Indtil den er bekræftet, sender vi ikke noget til den:`,
    confirmation.link,
    '',
    'Beskederne siger kun, at der er ny post, og hvor: aldrig hvem den er fra, eller hvad den handler om.',
    'Har du ikke bedt om det, kan du se bort fra denne mail.',
  ];
  const en = [
    org
      ? `The administrators of ${org.name} have asked that this e-mail address be told when new Digital Post arrives for ${org.name} in Kuvert.`
      : 'You asked to be told at this e-mail address when new Digital Post arrives in your digital mailbox in Kuvert.',
    '',
    `Confirm the address by opening the link within ${confirmation.hours} hours. Until it is confirmed, nothing is sent to it:`,
    confirmation.link,
    '',
    'The notices only say that there is new mail, and where: never who it is from or what it is about.',
    'If you did not ask for this, you can ignore this mail.',
  ];
  return {
    kind: NOTIFICATION_CONFIRMATION_KIND,
    organisationId: org?.id ?? null,
    to,
    subject: 'Bekræft din e-mailadresse til beskeder om ny Digital Post / Confirm your address for notices of new Digital Post',
    text: [...da, '', '---', '', ...en, ''].join('\n'),
  };
}
