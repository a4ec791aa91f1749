// A real SMTP client for the gateway tests: swaks when it is installed, else nodemailer's SMTP client.
// Both answer with the dialogue as text, so tests match the server's replies (250 Queued as …, 550 5.1.1,
// 552 5.3.4) and "TLS started" the same way.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { usedFallback, which } from './tools.ts';

export interface SmtpOutcome { ok: boolean; output: string }
export interface SmtpSend { port: number; from: string; to: string; mail: Buffer; helo: string; tls: 'optional' | 'required' }

const run = promisify(execFile);

async function withSwaks(swaks: string, send: SmtpSend): Promise<SmtpOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'kuvert-swaks-'));
  try {
    const file = join(dir, 'mail.eml');
    writeFileSync(file, send.mail);
    const args = ['--server', `127.0.0.1:${send.port}`, '--from', send.from, '--to', send.to, '--data', `@${file}`, '--helo', send.helo,
      send.tls === 'required' ? '-tls' : '-tls-optional'];
    const { stdout } = await run(swaks, args, { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
    return { ok: true, output: stdout };
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout === undefined ? String(err) : `${stdout}${stderr ?? ''}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withNodemailer(send: SmtpSend): Promise<SmtpOutcome> {
  const dialogue: string[] = [];
  const log = (_meta: unknown, message: string, ...args: unknown[]) => {
    let i = 0;
    dialogue.push(String(message).replace(/%[sd]/g, () => String(args[i++])));
  };
  const logger = { level: () => undefined, trace: log, debug: log, info: log, warn: log, error: log, fatal: log };
  const transport = nodemailer.createTransport({
    host: '127.0.0.1', port: send.port, secure: false, name: send.helo,
    requireTLS: send.tls === 'required', tls: { rejectUnauthorized: false },
    logger, debug: true, connectionTimeout: 30_000, socketTimeout: 30_000,
  });
  try {
    const info = await transport.sendMail({ envelope: { from: send.from, to: [send.to] }, raw: send.mail });
    if (dialogue.includes('Connection upgraded with STARTTLS')) dialogue.push('=== TLS started');
    dialogue.push(info.response);
    return { ok: true, output: dialogue.join('\n') };
  } catch (err) {
    const { response } = err as { response?: string };
    dialogue.push(response ?? String(err));
    return { ok: false, output: dialogue.join('\n') };
  } finally {
    transport.close();
  }
}

/** Sends one mail as an authority's MTA would; `ok` is whether the server accepted it. */
export async function sendSmtp(send: SmtpSend): Promise<SmtpOutcome> {
  const swaks = which('swaks');
  if (swaks) return withSwaks(swaks, send);
  usedFallback('swaks', "nodemailer's SMTP client");
  return withNodemailer(send);
}
