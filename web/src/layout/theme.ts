import type { MailboxInfo } from '../api.ts';

/** borger.dk look for a citizen's mailbox, virk.dk look for companies and authorities (DKFDS themes). */
export function applyTheme(kind: MailboxInfo['ownerKind'] | undefined): void {
  const href = `/dkfds/css/${kind === 'organisation' ? 'dkfds-virkdk' : 'dkfds-borgerdk'}.min.css`;
  const link = document.getElementById('dkfds-theme') as HTMLLinkElement | null;
  if (link && link.getAttribute('href') !== href) link.setAttribute('href', href);
  document.documentElement.dataset.theme = kind === 'organisation' ? 'virk' : 'borger';
}
