import { inviteAdministrator } from '../admin/index.ts';
import type { OperatorInvitation } from '../contract/index.ts';
import { operatorCommand } from './database.ts';
import { stdout, stderr } from './io.ts';

/** `kuvert org invite-admin <cvr> <e-mail> [--json]`: a single-use link that makes its taker the organisation's super-administrator. */
export async function inviteAdminCommand(cvr: string, email: string, flags: { json?: boolean }): Promise<number> {
  const print = (invitation: OperatorInvitation) => {
    if (flags.json) {
      stdout(`${JSON.stringify({ ...invitation, email, cvr })}\n`);
      return;
    }
    stdout(`invited ${email} to administer CVR ${cvr}\nlink:    ${invitation.link}\nexpires: ${invitation.expiresAt}\n`);
    stderr(`The link is mailed to ${email} too (sent by the server through SMTP_URL, or kept at /dev/outbox). It works once.\n`);
  };
  return operatorCommand({
    direct: async (ctx) => print(await inviteAdministrator(ctx, 'cli', cvr, email)),
    server: async (api) => print(await api.call<OperatorInvitation>('POST', `/organisations/${encodeURIComponent(cvr)}/invitations`, { email })),
  });
}
