import { createSystem, disableSystem, listSystems, rotateSecret, type CreatedSystem, type RotatedSecret, type SystemView } from '../admin/index.ts';
import { operatorCommand } from './database.ts';
import { table } from './table.ts';
import { stdout, stderr } from './io.ts';

/** Who the event log names for what an operator does on the command line (through a running server: its local key). */
const ACTOR = 'cli';

const line = (text: string) => { stdout(`${text}\n`); };

/** `kuvert system create --cvr <cvr> --kind sender|recipient --name <name> [--json]` */
export async function createSystemCommand(flags: { cvr: string; kind: string; name: string; json?: boolean }): Promise<number> {
  const input = { cvr: flags.cvr, kind: flags.kind, name: flags.name };
  const print = (system: CreatedSystem) => {
    if (flags.json) {
      line(JSON.stringify({ id: system.id, secret: system.secret, name: system.name, kind: system.kind, organisationCvr: system.organisationCvr }));
      return;
    }
    line(`created ${system.kind} system "${system.name}" for CVR ${system.organisationCvr}`);
    line(`id:     ${system.id}`);
    line(`secret: ${system.secret}`);
    stderr('The secret is shown only this once; Kuvert keeps only its hash. Systems send it with HTTP Basic (id:secret) to /apis/v1.\n');
  };
  return operatorCommand({
    direct: async ({ db, eventChains }) => print(await createSystem(db, eventChains, ACTOR, input)),
    server: async (api) => print(await api.call<CreatedSystem>('POST', '/systems', input)),
  });
}

function systemTable(systems: SystemView[]): string {
  return table([
    ['ID', 'KIND', 'STATUS', 'CVR', 'ORGANISATION', 'NAME', 'CREATED', 'LAST AUTHENTICATED'],
    ...systems.map((s) => [
      s.id, s.kind, s.status + (s.previousSecretValidUntil ? ' (old secret until ' + s.previousSecretValidUntil + ')' : ''),
      s.organisationCvr, s.organisationName, s.name, s.createdAt, s.lastAuthenticatedAt ?? '-',
    ]),
  ]);
}

/** `kuvert system list [--cvr <cvr>] [--json]` */
export async function listSystemsCommand(flags: { cvr?: string; json?: boolean }): Promise<number> {
  const print = (systems: SystemView[]) => {
    if (flags.json) line(JSON.stringify(systems));
    else if (systems.length === 0) line(flags.cvr ? `no systems for CVR ${flags.cvr}` : 'no systems');
    else line(systemTable(systems));
  };
  return operatorCommand({
    direct: async ({ db }) => print(await listSystems(db, { cvr: flags.cvr })),
    server: async (api) => print(await api.call<SystemView[]>('GET', `/systems${flags.cvr !== undefined ? `?cvr=${encodeURIComponent(flags.cvr)}` : ''}`)),
  });
}

/** `kuvert system rotate <id> [--grace-hours 24] [--json]` */
export async function rotateSecretCommand(id: string, flags: { graceHours: string; json?: boolean }): Promise<number> {
  const graceHours = flags.graceHours.trim() === '' ? Number.NaN : Number(flags.graceHours);
  const print = (rotated: RotatedSecret) => {
    if (flags.json) {
      line(JSON.stringify(rotated));
      return;
    }
    line(`id:     ${rotated.id}`);
    line(`secret: ${rotated.secret}`);
    stderr(`The new secret is shown only this once. ${rotated.previousSecretValidUntil
      ? `The old secret keeps working until ${rotated.previousSecretValidUntil}.`
      : 'The old secret no longer works (within 10 seconds on a running server).'}\n`);
  };
  return operatorCommand({
    direct: async ({ db, eventChains }) => print(await rotateSecret(db, eventChains, ACTOR, id, { graceHours })),
    // JSON has no NaN: what is not a number goes as -1, which the server refuses as the direct path does
    server: async (api) => print(await api.call<RotatedSecret>('POST', `/systems/${encodeURIComponent(id)}/rotate`, { graceHours: Number.isFinite(graceHours) ? graceHours : -1 })),
  });
}

/** `kuvert system disable <id>` */
export async function disableSystemCommand(id: string): Promise<number> {
  const print = ({ disabled }: { disabled: boolean }) =>
    line(disabled ? `disabled system ${id} (a running server refuses it within 10 seconds)` : `system ${id} was already disabled`);
  return operatorCommand({
    direct: async ({ db, eventChains }) => print(await disableSystem(db, eventChains, ACTOR, id)),
    server: async (api) => print(await api.call<{ disabled: boolean }>('POST', `/systems/${encodeURIComponent(id)}/disable`)),
  });
}
