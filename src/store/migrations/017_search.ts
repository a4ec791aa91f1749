import { sql, type Kysely } from 'kysely';
import { letterSearchTexts, searchableText } from '../../domain/index.ts';
import { parseMemo } from '../../memo/index.ts';
import { loadDocument } from '../messages.ts';

// Search that finds every letter (docs/portal.md, "Search"): `message.search_text` replaces the
// danish full-text vector `message.search`. It holds the letter's words, lower-cased, each after a
// space: the verified sender's name (the organisation or citizen owning the sending mailbox), title, Sender/label, document and file names, and the text of
// its text documents. A search word is matched as a substring (so "skat" finds
// "ejendomsskattebillet") through trigram indexes, one per side of a letter — received by
// (recipient_mailbox_id) and sent from (sender_mailbox_id) a mailbox — with the mailbox as the
// indexes' first column (btree_gin), so a word common in the whole store but rare in one mailbox is
// found by that mailbox's entries only. pg_trgm and btree_gin are trusted extensions; they are put in
// `public` (one per database, shared by every schema) under a lock, as several Kuverts may migrate at once.
//
// A company's filters by P-unit and by attention person have their own small indexes on the received side.
//
// Cost on a large store: the backfill reads and parses every stored document (a page of 200 at a time),
// and the two trigram indexes took 232 s (425 s on a loaded machine) for 1,000,000 letters of ~600
// characters on 2 cores (bench/portal.ts). Plan the upgrade of a large deployment accordingly.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('kuvert.extensions'))`.execute(db);
  await sql`create extension if not exists pg_trgm with schema public`.execute(db);
  await sql`create extension if not exists btree_gin with schema public`.execute(db);
  await sql`alter table message add column search_text text not null default ''`.execute(db);
  await backfillSearchText(db);
  await sql`drop index if exists message_search`.execute(db);
  await sql`alter table message drop column search`.execute(db);
  // where pg_trgm is (public, unless a database had it elsewhere already)
  const { rows } = await sql<{ schema: string }>`select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'`.execute(db);
  const trigrams = sql.id(rows[0]!.schema, 'gin_trgm_ops');
  await sql`create index message_search_received on message using gin (recipient_mailbox_id, search_text ${trigrams})`.execute(db);
  await sql`create index message_search_sent on message using gin (sender_mailbox_id, search_text ${trigrams})`.execute(db);
  await sql`create index message_received_p_number on message (recipient_mailbox_id, p_number) where p_number is not null`.execute(db);
  await sql`create index message_received_attention_person on message (recipient_mailbox_id, (attention->>'person')) where attention->>'person' is not null`.execute(db);
}

const BATCH = 200;

/** Every stored letter's search text, read from its document as when it was accepted (a page of letters at a time). */
export async function backfillSearchText(db: Kysely<any>): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: Array<{ id: string; label: string; sender_label: string; document_text: string; blob_refs: unknown; sender_name: string | null }> = await db
      .selectFrom('message as m').innerJoin('mailbox as b', 'b.id', 'm.sender_mailbox_id')
      .leftJoin('organisation as o', 'o.id', 'b.organisation_id').leftJoin('citizen as c', 'c.id', 'b.citizen_id')
      .select(['m.id', 'm.label', 'm.sender_label', 'm.document_text', 'm.blob_refs', sql<string | null>`coalesce(o.name, c.name)`.as('sender_name')])
      .where('m.id', '>', after).orderBy('m.id').limit(BATCH).execute();
    if (rows.length === 0) return;
    const values = [];
    for (const row of rows) {
      let texts = [row.label, row.sender_label];
      try {
        const parsed = parseMemo(await loadDocument(db, row as never), { policy: false });
        if (parsed.ok) texts = letterSearchTexts(parsed.message);
      } catch { /* a document that cannot be read is found by its title and sender */ }
      values.push(sql`(${row.id}::uuid, ${searchableText([row.sender_name ?? '', ...texts])})`);
    }
    await sql`update message set search_text = v.t from (values ${sql.join(values)}) as v (id, t) where message.id = v.id`.execute(db);
    after = rows[rows.length - 1]!.id;
  }
}
