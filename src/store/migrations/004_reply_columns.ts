import { sql, type Kysely } from 'kysely';
import { parseMemo } from '../../memo/index.ts';
import type { Db } from '../executor.ts';
import { loadDocument } from '../messages.ts';

// What replies and forwarding ask of a letter (MessageHeader/messageID, ContentData/CaseID/caseID) is
// kept as columns, so a stored letter is parsed again only when its whole content is needed.
const ddl = `
alter table message add column memo_message_id text;
alter table message add column case_id text;
create index message_received_uuid on message (recipient_mailbox_id, message_uuid)
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await db.selectFrom('message').select(['id', 'document_text', 'blob_refs'])
      .where('id', '>', after).orderBy('id').limit(200).execute();
    if (rows.length === 0) break;
    for (const row of rows) {
      const parsed = parseMemo(await loadDocument(db as unknown as Db, row), { policy: false });
      if (!parsed.ok) continue;
      const header = parsed.message.header;
      const messageId = header.messageID ?? null;
      const caseId = header.contentData?.caseID?.caseID ?? null;
      if (messageId !== null || caseId !== null) {
        await db.updateTable('message').set({ memo_message_id: messageId, case_id: caseId }).where('id', '=', row.id).execute();
      }
    }
    after = rows[rows.length - 1]!.id;
  }
}
