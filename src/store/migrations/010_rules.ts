import { sql, type Kysely } from 'kysely';
import { fromForwardingRules, type ForwardingRule } from '../../domain/index.ts';

// The rules of a mailbox (docs/rules.md): one engine for filing in folders, delivery to recipient
// systems, notifying and secure-mail forwarding. A letter keeps what the rules saw of it (`facts`),
// so rules are tried and re-applied without parsing letters again. Re-applying rules is a run whose
// folder moves can be undone. The secure-mail forwarding's scope and rules become rules with origin
// 'forwarding' (the secure-mail page edits those); nothing of them is lost.
const ddl = `
create table rule (
  id uuid primary key default gen_random_uuid(),
  mailbox_id uuid not null references mailbox (id),
  organisation_id uuid not null references organisation (id),
  name text not null,
  position integer not null,
  enabled boolean not null default true,
  stop_here boolean not null default false,
  conditions jsonb not null,
  actions jsonb not null,
  origin text not null default 'rules' check (origin in ('rules', 'forwarding')),
  created_at timestamptz not null default now(),
  created_by text not null,
  updated_at timestamptz not null default now(),
  updated_by text not null
);
create index rule_mailbox on rule (mailbox_id, position);
create table rule_run (
  id uuid primary key default gen_random_uuid(),
  mailbox_id uuid not null references mailbox (id),
  moved integer not null,
  created_at timestamptz not null default now(),
  created_by text not null,
  undone_at timestamptz,
  undone_by text
);
create index rule_run_mailbox on rule_run (mailbox_id, created_at);
create table rule_run_move (
  run_id uuid not null references rule_run (id) on delete cascade,
  message_id uuid not null,
  from_folder_id uuid not null,
  to_folder_id uuid not null,
  primary key (run_id, message_id)
);
alter table message add column facts jsonb
`;

/** Rules of the secure-mail page run first (they never stop the others): positions from here. */
const FORWARDING_POSITION = -10_000;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
  const forwardings = await db.selectFrom('forwarding').select(['organisation_id', 'mailbox_id', 'scope', 'rules', 'created_by']).execute();
  for (const f of forwardings) {
    const stored = (typeof f.rules === 'string' ? JSON.parse(f.rules) : f.rules) as ForwardingRule[];
    const drafts = fromForwardingRules(f.scope, stored);
    if (drafts.length === 0) continue;
    await db.insertInto('rule').values(drafts.map((rule, i) => ({
      mailbox_id: f.mailbox_id, organisation_id: f.organisation_id, name: rule.name, position: FORWARDING_POSITION + i, enabled: rule.enabled,
      stop_here: rule.stopHere, conditions: JSON.stringify(rule.conditions), actions: JSON.stringify(rule.actions), origin: 'forwarding',
      created_by: f.created_by, updated_by: 'kuvert',
    }))).execute();
  }
}
