import { inviteAdministrator } from '../admin/index.ts';
import { operatorCommand } from './database.ts';

interface Invitation { id: string; link: string; expiresAt: string }

/** `kuvert org invite-admin <cvr> <e-mail> [--json]`: a single-use link that makes its taker the organisation's super-administrator. */
export async function inviteAdminCommand(cvr: string, email: string, flags: { json?: boolean }): Promise<number> {
  const print = (invitation: Invitation) => {
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ ...invitation, email, cvr })}\n`);
      return;
    }
    process.stdout.write(`invited ${email} to administer CVR ${cvr}\nlink:    ${invitation.link}\nexpires: ${invitation.expiresAt}\n`);
    process.stderr.write(`The link is mailed to ${email} too (sent by the server through SMTP_URL, or kept at /dev/outbox). It works once.\n`);
  };
  return operatorCommand({
    direct: async (_db, _eventChains, ctx) => {
      const invitation = await inviteAdministrator(ctx, 'cli', cvr, email);
      print({ id: invitation.id, link: invitation.link, expiresAt: new Date(invitation.expiresAt).toISOString() });
    },
    server: async (api) => print(await api.call<Invitation>('POST', `/organisations/${encodeURIComponent(cvr)}/invitations`, { email })),
  });
}
