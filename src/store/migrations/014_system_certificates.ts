import { sql, type Kysely } from 'kysely';

// Client certificates of systems (docs/certificates.md): a system with a registered certificate must
// present one of them over mutual TLS besides its secret. A certificate is pinned by the SHA-256 of
// its DER, and belongs to one system only (another system's certificate is refused, not shared).
// `system.certificate_sha256` (001) was never used and stays empty: a system can have several
// certificates (the old one and its renewal side by side).
// `system.certificate_refused_*`: the latest refusal of the system's certificate (the self-test names a
// system that presents the wrong one), cleared when it next presents a registered one.
const ddl = `
create table system_certificate (
  id uuid primary key default gen_random_uuid(),
  system_id uuid not null references system (id),
  organisation_id uuid not null references organisation (id),
  fingerprint_sha256 text not null unique,
  der bytea not null,
  subject text not null,
  issuer text not null,
  serial_number text not null,
  not_before timestamptz not null,
  not_after timestamptz not null,
  created_at timestamptz not null default now(),
  created_by text not null
);
create index system_certificate_system on system_certificate (system_id);
create index system_certificate_organisation on system_certificate (organisation_id, not_after);
create index system_certificate_expiry on system_certificate (not_after);
alter table system add column certificate_refused_at timestamptz;
alter table system add column certificate_refused_code text;
alter table system add column certificate_refused_fingerprint text
`;

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of ddl.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}
