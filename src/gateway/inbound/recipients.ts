import { sql } from 'kysely';
import { parseMailTarget, type MailTarget } from '../../domain/index.ts';
import type { Db } from '../../store/index.ts';

/** Whether Kuvert owns an address (for RCPT TO): well-formed under MAIL_DOMAIN and naming something that exists. */
export async function ownedTarget(db: Db, address: string, domain: string): Promise<MailTarget | undefined> {
  const target = parseMailTarget(address, domain);
  if (!target) return undefined;
  switch (target.kind) {
    case 'letter':
    case 'contact-point': {
      const row = await db.selectFrom('contact_point').innerJoin('organisation', 'organisation.id', 'contact_point.organisation_id')
        .select('contact_point.id').where('contact_point.mail_name', '=', target.contactPoint)
        .where('contact_point.active', '=', true).where('organisation.status', '=', 'active').executeTakeFirst();
      return row ? target : undefined;
    }
    case 'organisation': {
      const row = await db.selectFrom('organisation').innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
        .select('organisation.id').where('organisation.cvr', '=', target.cvr)
        .where('organisation.status', '=', 'active').where('mailbox.status', '=', 'active').executeTakeFirst();
      return row ? target : undefined;
    }
    case 'reply': {
      const row = await sql<{ one: number }>`select 1 as one from mail_thread where token = ${target.token}`.execute(db);
      return row.rows.length > 0 ? target : undefined;
    }
  }
}
