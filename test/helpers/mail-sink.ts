import { SMTPServer } from 'smtp-server';

export interface SunkMail { from: string; to: string[]; raw: Buffer }

/**
 * A receiving mail server for tests (the company's secure mail system, the authority's MTA that gets
 * DSNs): records every mail; `reject` makes it refuse recipients with a 550 and a reason.
 */
export interface MailSink {
  url: string;
  mails: SunkMail[];
  reject: string | undefined;
  waitFor(predicate: (mail: SunkMail) => boolean, timeoutMs?: number): Promise<SunkMail>;
  close(): Promise<void>;
}

/** `port`: a fixed one (a relay that comes back where it was); default any free port. */
export async function startMailSink(port = 0): Promise<MailSink> {
  const mails: SunkMail[] = [];
  const sink: MailSink = {
    url: '',
    mails,
    reject: undefined,
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such mail arrived within ${timeoutMs} ms (${mails.length} arrived)`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: async () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (sink.reject) return callback(Object.assign(new Error(sink.reject), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  sink.url = `smtp://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  return sink;
}
