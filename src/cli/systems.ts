import { createSystem, disableSystem, listSystems, rotateSecret, type SystemView } from '../admin/index.ts';
import { withDatabase } from './database.ts';

/** Who the event log names for what an operator does on the command line. */
const ACTOR = 'cli';

const line = (text: string) => process.stdout.write(`${text}\n`);

/** `kuvert system create --cvr <cvr> --kind sender|recipient --name <name> [--json]` */
export async function createSystemCommand(flags: { cvr: string; kind: string; name: string; json?: boolean }): Promise<number> {
  return withDatabase(async (db, eventChains) => {
    const system = await createSystem(db, eventChains, ACTOR, { cvr: flags.cvr, kind: flags.kind, name: flags.name });
    if (flags.json) {
      line(JSON.stringify({ id: system.id, secret: system.secret, name: system.name, kind: system.kind, organisationCvr: system.organisationCvr }));
      return;
    }
    line(`created ${system.kind} system "${system.name}" for CVR ${system.organisationCvr}`);
    line(`id:     ${system.id}`);
    line(`secret: ${system.secret}`);
    process.stderr.write('The secret is shown only this once; Kuvert keeps only its hash. Systems send it with HTTP Basic (id:secret) to /apis/v1.\n');
  });
}

function table(systems: SystemView[]): string {
  const rows = [
    ['ID', 'KIND', 'STATUS', 'CVR', 'ORGANISATION', 'NAME', 'CREATED', 'LAST AUTHENTICATED'],
    ...systems.map((s) => [
      s.id, s.kind, s.status + (s.previousSecretValidUntil ? ' (old secret until ' + s.previousSecretValidUntil + ')' : ''),
      s.organisationCvr, s.organisationName, s.name, s.createdAt, s.lastAuthenticatedAt ?? '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}

/** `kuvert system list [--cvr <cvr>] [--json]` */
export async function listSystemsCommand(flags: { cvr?: string; json?: boolean }): Promise<number> {
  return withDatabase(async (db) => {
    const systems = await listSystems(db, { cvr: flags.cvr });
    if (flags.json) line(JSON.stringify(systems));
    else if (systems.length === 0) line(flags.cvr ? `no systems for CVR ${flags.cvr}` : 'no systems');
    else line(table(systems));
  });
}

/** `kuvert system rotate <id> [--grace-hours 24] [--json]` */
export async function rotateSecretCommand(id: string, flags: { graceHours: string; json?: boolean }): Promise<number> {
  const graceHours = flags.graceHours.trim() === '' ? Number.NaN : Number(flags.graceHours);
  return withDatabase(async (db, eventChains) => {
    const rotated = await rotateSecret(db, eventChains, ACTOR, id, { graceHours });
    if (flags.json) {
      line(JSON.stringify(rotated));
      return;
    }
    line(`id:     ${rotated.id}`);
    line(`secret: ${rotated.secret}`);
    process.stderr.write(`The new secret is shown only this once. ${rotated.previousSecretValidUntil
      ? `The old secret keeps working until ${rotated.previousSecretValidUntil}.`
      : 'The old secret no longer works (within 10 seconds on a running server).'}\n`);
  });
}

/** `kuvert system disable <id>` */
export async function disableSystemCommand(id: string): Promise<number> {
  return withDatabase(async (db, eventChains) => {
    const { disabled } = await disableSystem(db, eventChains, ACTOR, id);
    line(disabled ? `disabled system ${id} (a running server refuses it within 10 seconds)` : `system ${id} was already disabled`);
  });
}
