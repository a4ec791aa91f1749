import { parseMailTarget, type MailTarget } from '../../domain/index.ts';
import { contactPointTakesMail, organisationTakesMail, threadTokenExists, type Db } from '../../store/index.ts';

/** Whether Kuvert owns an address (for RCPT TO): well-formed under MAIL_DOMAIN and naming something that exists. */
export async function ownedTarget(db: Db, address: string, domain: string): Promise<MailTarget | undefined> {
  const target = parseMailTarget(address, domain);
  if (!target) return undefined;
  switch (target.kind) {
    case 'letter':
    case 'contact-point':
      return (await contactPointTakesMail(db, target.contactPoint)) ? target : undefined;
    case 'organisation':
      return (await organisationTakesMail(db, target.cvr)) ? target : undefined;
    case 'reply':
      return (await threadTokenExists(db, target.token)) ? target : undefined;
  }
}
