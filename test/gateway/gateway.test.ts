import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { DEMO } from '../../src/demo/index.ts';
import { configureForwarding, confirmForwarding, registerMailCertificate, retryDeadLetter, secureMailView } from '../../src/admin/index.ts';
import { checkCertificates } from '../../src/gateway/index.ts';
import type { Principal } from '../../src/domain/index.ts';
import { deleteRules, insertRule } from '../../src/store/index.ts';
import { send } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';
import { startMailSink, type MailSink, type SunkMail } from '../helpers/mail-sink.ts';
import { letter } from '../helpers/memo.ts';
import { makeTestPki, opensslCms, type TestCert, type TestPki } from '../helpers/pki.ts';
import { sendSmtp, type SmtpOutcome } from '../helpers/smtp-client.ts';
import { missing } from '../helpers/tools.ts';

const DOMAIN = 'kuvert.test';
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256))]);

const NO_OPENSSL = missing('openssl');
let pki: TestPki;
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kuvert-gateway-'));
  if (!NO_OPENSSL) pki = makeTestPki(join(dir, 'pki'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function file(content: Buffer | string): string {
  const path = join(dir, `f${fileNo++}`);
  writeFileSync(path, content);
  return path;
}

/** A mail as an authority's mail system writes it: a MIME entity, signed with `openssl cms -sign`, encrypted with `openssl cms -encrypt`. */
function smimeMail(options: {
  signer?: TestCert; encryptTo?: string; oaep?: boolean; from: string; to: string; subject: string; text: string;
  attach?: { name: string; content: Buffer }[]; headers?: string[]; tamper?: boolean;
}): Buffer {
  const boundary = 'b1_kuvert_test';
  const parts = [
    `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${options.text}\r\n`,
    ...(options.attach ?? []).map((a) => `Content-Type: application/octet-stream; name="${a.name}"\r\nContent-Disposition: attachment; filename="${a.name}"\r\n`
      + `Content-Transfer-Encoding: base64\r\n\r\n${a.content.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`),
  ];
  let entity: Buffer = Buffer.from(`Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${parts.map((p) => `--${boundary}\r\n${p}`).join('')}--${boundary}--\r\n`);
  const headers = ['-from', options.from, '-to', options.to, '-subject', options.subject];
  if (options.signer) {
    entity = opensslCms(['-sign', '-signer', options.signer.certPath, '-inkey', options.signer.keyPath, ...(options.encryptTo ? [] : headers)], entity);
    if (options.tamper) {
      const at = entity.indexOf(Buffer.from(options.text, 'utf8'));
      assert.ok(at > 0, 'the signed text is in the mail');
      entity = Buffer.from(entity);
      entity[at] = 'X'.charCodeAt(0);
    }
  }
  if (options.encryptTo) {
    const oaep = options.oaep ? ['-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256'] : [];
    entity = opensslCms(['-encrypt', '-aes256', ...headers, '-recip', options.encryptTo, ...oaep], entity);
  } else if (!options.signer) {
    entity = Buffer.concat([Buffer.from(`From: ${options.from}\r\nTo: ${options.to}\r\nSubject: ${options.subject}\r\nMIME-Version: 1.0\r\n`), entity]);
  }
  if (options.headers?.length) entity = Buffer.concat([Buffer.from(`${options.headers.join('\r\n')}\r\n`), entity]);
  return entity;
}

/** Sends as an authority's MTA: swaks, or nodemailer's SMTP client without it (both real SMTP clients). */
async function smtpSend(port: number, from: string, to: string, mail: Buffer, tls: 'optional' | 'required' = 'optional'): Promise<SmtpOutcome> {
  return sendSmtp({ port, from, to, mail, helo: 'mail.kommunen.example', tls });
}

/** openssl decrypts with the receiving key and verifies Kuvert's signature; returns the signed content. */
function openOutbound(mail: SunkMail, recipient: TestCert, gatewayCertPath: string): Buffer {
  const decrypted = opensslCms(['-decrypt', '-recip', recipient.certPath, '-inkey', recipient.keyPath], mail.raw);
  return opensslCms(['-verify', '-CAfile', gatewayCertPath], decrypted);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const database of testDatabases()) {
  describe(`secure e-mail gateway (${database.name})`, { skip: NO_OPENSSL }, () => {
    let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
    let sink: MailSink;
    let port: number;
    let gatewayCert: string;
    let ids: { authority: string; company: string; authorityMailbox: string; companyMailbox: string; citizenMailbox: string; mette: string };

    before(async () => {
      sink = await startMailSink();
      kuvert = await startTestKuvert(database, {
        smtpPort: 0, smtpHost: '127.0.0.1', smtpUrl: sink.url, mailDomain: DOMAIN, mailCaFile: pki.ca.certPath, mailMaxBytes: 1024 * 1024,
      }, { smtp: true });
      port = kuvert.gateway.smtpPort()!;
      gatewayCert = file((await kuvert.gateway.keys()).smimeCertPem);
      const db = kuvert.store.db;
      const org = (cvr: string) => db.selectFrom('organisation').innerJoin('mailbox', 'mailbox.organisation_id', 'organisation.id')
        .select(['organisation.id', 'mailbox.id as mailbox']).where('cvr', '=', cvr).executeTakeFirstOrThrow();
      const authority = await org(DEMO.authority.cvr);
      const company = await org(DEMO.company.cvr);
      const citizen = await db.selectFrom('citizen').innerJoin('mailbox', 'mailbox.citizen_id', 'citizen.id').select('mailbox.id')
        .where('cpr', '=', '2211771212').executeTakeFirstOrThrow();
      const mette = await db.selectFrom('app_user').select('id').where('subject', '=', 'dev-idp|demo-employee-mette').executeTakeFirstOrThrow();
      ids = { authority: authority.id, company: company.id, authorityMailbox: authority.mailbox, companyMailbox: company.mailbox, citizenMailbox: citizen.id, mette: mette.id };
      await registerMailCertificate(db, kuvert.ctx.eventChains, { system: 'test', organisationId: authority.id }, pki.authority.certPem);
      await registerMailCertificate(db, kuvert.ctx.eventChains, { system: 'test', organisationId: company.id }, pki.company.certPem);
    });
    after(async () => {
      await kuvert?.drop();
      await sink?.close();
    });

    const inbound = (id: string) => waitFor(`inbound mail ${id}`, async () => {
      const row = await kuvert.store.db.selectFrom('inbound_mail').selectAll().where('id', '=', id).executeTakeFirst();
      return row && row.status !== 'received' ? row : undefined;
    });
    const queuedId = (output: string) => /Queued as ([0-9a-f-]{36})/.exec(output)?.[1] ?? assert.fail(`no queue id in:\n${output}`);

    test('a letter signed and encrypted by openssl, sent by swaks, arrives in the citizen\'s mailbox', async () => {
      const to = `2211771212@borgerservice.${DOMAIN}`;
      const mail = smimeMail({
        signer: pki.authority, encryptTo: gatewayCert, from: 'post@kommunen.example', to, subject: 'Afgørelse om boligstøtte',
        text: 'Kære Jens. Se afgørelsen i det vedhæftede.', attach: [{ name: 'afgoerelse.pdf', content: PDF }],
      });
      const sent = await smtpSend(port, 'post@kommunen.example', to, mail);
      assert.ok(sent.ok, sent.output);
      const row = await inbound(queuedId(sent.output));
      assert.equal(row.status, 'delivered', `${row.error_code}: ${row.error_message}`);
      const message = await kuvert.store.db.selectFrom('message').selectAll().where('id', '=', row.message_ids![0]!).executeTakeFirstOrThrow();
      assert.equal(message.label, 'Afgørelse om boligstøtte');
      assert.equal(message.recipient_mailbox_id, ids.citizenMailbox);
      assert.equal(message.sender_organisation_id, ids.authority);
      assert.equal(message.sender_contact_point, DEMO.contactPoints[0].id);
      assert.equal(message.attachment_count, 1);
      assert.equal(message.reply_allowed, true);
      const state = await kuvert.store.db.selectFrom('message_state').select('mailbox_id').where('message_id', '=', message.id).execute();
      assert.ok(state.some((s) => s.mailbox_id === ids.citizenMailbox));
      const events = await kuvert.store.db.selectFrom('event').select('type').where('message_id', '=', message.id).execute();
      assert.ok(events.some((e) => e.type === 'MAIL_DELIVERED'));
      assert.ok(events.some((e) => e.type === 'MEMO_AVAILABLE_TO_RECIPIENT'));
    });

    test('a letter by mail meets the recipient\'s rules: to the warehouse\'s P-number, it lands in BBR, marked', async () => {
      const db = kuvert.store.db;
      const bbr = (await db.selectFrom('folder').select('id').where('mailbox_id', '=', ids.companyMailbox).where('name', '=', 'BBR').executeTakeFirstOrThrow()).id;
      const warehouse = DEMO.company.pUnits[1].pNumber;
      const ruleId = await insertRule(db, ids.companyMailbox, ids.company, {
        name: 'Lageret', enabled: true, stopHere: false, position: 10,
        conditions: [{ field: 'pNumber', op: 'equals', value: warehouse }], actions: [{ kind: 'file', folderId: bbr }, { kind: 'mark' }],
      }, 'test');
      try {
        const to = `${DEMO.company.cvr}-${warehouse}@borgerservice.${DOMAIN}`;
        const mail = smimeMail({
          signer: pki.authority, encryptTo: gatewayCert, from: 'post@kommunen.example', to, subject: 'Varsel om ejendomsvurdering',
          text: 'Se vedhæftede.', attach: [{ name: 'varsel.pdf', content: PDF }],
        });
        const sent = await smtpSend(port, 'post@kommunen.example', to, mail);
        assert.ok(sent.ok, sent.output);
        const row = await inbound(queuedId(sent.output));
        assert.equal(row.status, 'delivered', `${row.error_code}: ${row.error_message}`);
        const state = await db.selectFrom('message_state').select(['folder_id', 'flagged'])
          .where('message_id', '=', row.message_ids![0]!).where('mailbox_id', '=', ids.companyMailbox).executeTakeFirstOrThrow();
        assert.deepEqual(state, { folder_id: bbr, flagged: true });
      } finally {
        await deleteRules(db, [ruleId]);
      }
    });

    test('a mail processed twice (its job retried after a crash) is delivered once', async () => {
      const db = kuvert.store.db;
      const first = await db.selectFrom('inbound_mail').select(['id', 'message_ids']).where('status', '=', 'delivered').orderBy('received_at').executeTakeFirstOrThrow();
      await db.updateTable('inbound_mail').set({ status: 'received' }).where('id', '=', first.id).execute();
      await db.insertInto('job').values({ kind: 'mail.inbound', payload: JSON.stringify({ inboundId: first.id }) }).execute();
      kuvert.worker.wake();
      const again = await inbound(first.id);
      assert.equal(again.status, 'delivered');
      assert.deepEqual(again.message_ids, first.message_ids);
      const uuid = (await db.selectFrom('message').select('message_uuid').where('id', '=', first.message_ids![0]!).executeTakeFirstOrThrow()).message_uuid;
      const copies = await db.selectFrom('message').select('id').where('message_uuid', '=', uuid).execute();
      assert.equal(copies.length, 1);
    });

    test('RSA-OAEP encrypted mail is accepted too', async () => {
      const to = `29876543-1012345678@byggesager.${DOMAIN}`;
      const mail = smimeMail({ signer: pki.authority, encryptTo: gatewayCert, oaep: true, from: 'post@kommunen.example', to, subject: 'Byggetilladelse', text: 'Tilladelsen er givet.' });
      const sent = await smtpSend(port, 'post@kommunen.example', to, mail);
      const row = await inbound(queuedId(sent.output));
      assert.equal(row.status, 'delivered', `${row.error_code}: ${row.error_message}`);
      const message = await kuvert.store.db.selectFrom('message').select(['recipient_mailbox_id', 'p_number']).where('id', '=', row.message_ids![0]!).executeTakeFirstOrThrow();
      assert.deepEqual(message, { recipient_mailbox_id: ids.companyMailbox, p_number: '1012345678' });
    });

    test('STARTTLS is offered and required TLS works; mail over MAIL_MAX_MB is refused with 552 and not stored', async () => {
      const to = `2211771212@borgerservice.${DOMAIN}`;
      const small = smimeMail({ signer: pki.authority, encryptTo: gatewayCert, from: 'post@kommunen.example', to, subject: 'TLS', text: 'Over TLS.' });
      const sent = await smtpSend(port, 'post@kommunen.example', to, small, 'required');
      assert.ok(sent.ok, sent.output);
      assert.match(sent.output, /TLS started/);
      assert.equal((await inbound(queuedId(sent.output))).status, 'delivered');
      const count = async () => Number((await kuvert.store.db.selectFrom('inbound_mail').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const before = await count();
      const big = smimeMail({ from: 'post@kommunen.example', to, subject: 'Stor', text: 'x', attach: [{ name: 'stor.bin', content: Buffer.alloc(1024 * 1024, 7) }] });
      const refused = await smtpSend(port, 'post@kommunen.example', to, big);
      assert.equal(refused.ok, false);
      const end = refused.output.slice(-1500);
      assert.match(end, /552 5\.3\.4/, end);
      assert.equal(await count(), before);
    });

    test('mail encrypted to another certificate than Kuvert\'s gets a NOT_FOR_US DSN and nothing is delivered', async () => {
      const to = `2211771212@borgerservice.${DOMAIN}`;
      const notForUs = smimeMail({ signer: pki.authority, encryptTo: pki.company.certPath, from: 'post@kommunen.example', to, subject: 'Forkert', text: 'Forkert modtager' });
      const sent = await smtpSend(port, 'wrong-key@kommunen.example', to, notForUs);
      assert.equal((await inbound(queuedId(sent.output))).error_code, 'NOT_FOR_US');
      await sink.waitFor((m) => m.to.includes('wrong-key@kommunen.example'));
    });

    test('addresses Kuvert does not own are refused in the SMTP dialogue, and nothing is stored', async () => {
      const before = await kuvert.store.db.selectFrom('inbound_mail').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      for (const to of [`2211771212@nosuchpoint.${DOMAIN}`, `someone@${DOMAIN}`, `reply+${'a'.repeat(26)}@${DOMAIN}`, 'user@elsewhere.example']) {
        const sent = await smtpSend(port, 'post@kommunen.example', to, Buffer.from('Subject: x\r\n\r\nx\r\n'));
        assert.equal(sent.ok, false, to);
        assert.match(sent.output, /550 5\.1\.1/, to);
      }
      const afterwards = await kuvert.store.db.selectFrom('inbound_mail').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(afterwards.n), Number(before.n));
    });

    for (const [name, options, code, status] of [
      ['tampered after signing', { signer: 'authority', tamper: true }, 'SIGNATURE_INVALID', '5.7.7'],
      ['unsigned', {}, 'NOT_SIGNED', '5.7.1'],
      ['signed by an unknown certificate', { signer: 'stranger' }, 'UNKNOWN_SIGNER', '5.7.1'],
    ] as const) {
      test(`mail ${name} is not delivered; the sender gets a DSN saying ${code}`, async () => {
        const to = `2211771212@borgerservice.${DOMAIN}`;
        const signer = 'signer' in options ? pki[options.signer] : undefined;
        const mail = smimeMail({
          ...(signer ? { signer } : {}), ...('tamper' in options ? { tamper: true } : {}), encryptTo: gatewayCert,
          from: 'post@kommunen.example', to, subject: `Test ${code}`, text: `Brødtekst til ${code}`,
        });
        const envelopeFrom = `bounce-${code.toLowerCase()}@kommunen.example`;
        const sent = await smtpSend(port, envelopeFrom, to, mail);
        assert.ok(sent.ok, sent.output);
        const row = await inbound(queuedId(sent.output));
        assert.equal(row.status, 'rejected');
        assert.equal(row.error_code, code);
        assert.deepEqual(row.message_ids, []);
        const dsn = await sink.waitFor((m) => m.to.includes(envelopeFrom));
        assert.equal(dsn.from, '', 'a DSN has the null sender');
        const parsed = await simpleParser(dsn.raw);
        assert.match(String(parsed.headers.get('content-type') && (parsed.headers.get('content-type') as { value: string }).value), /multipart\/report/);
        const raw = dsn.raw.toString('utf8');
        assert.match(raw, /Content-Type: message\/delivery-status/i);
        assert.match(raw, new RegExp(`Status: ${status.replace(/\./g, '\\.')}`));
        assert.match(raw, new RegExp(code));
        assert.match(raw, /Final-Recipient: rfc822;/);
        assert.doesNotMatch(parsed.subject ?? '', /2211771212/);
      });
    }

    test("who may write to whom holds at the mail door: a company's mail system writes to an authority's contact point, never a letter to a citizen", async () => {
      const letterTo = `2211771212@borgerservice.${DOMAIN}`;
      const letter = smimeMail({ signer: pki.company, encryptTo: gatewayCert, from: 'sikker@demoaps.example', to: letterTo, subject: 'Til en borger', text: 'Må ikke komme frem' });
      // its DSN goes to the envelope sender, kept apart from the address the forwarding tests below watch
      const refused = await inbound(queuedId((await smtpSend(port, 'bounce-kind@demoaps.example', letterTo, letter)).output));
      assert.equal(refused.status, 'rejected');
      assert.equal(refused.error_code, 'SENDER_NOT_AUTHORITY');
      assert.deepEqual(refused.message_ids, []);
      const inquiryTo = `borgerservice@${DOMAIN}`;
      const inquiry = smimeMail({ signer: pki.company, encryptTo: gatewayCert, from: 'sikker@demoaps.example', to: inquiryTo, subject: 'Henvendelse', text: 'Et spørgsmål' });
      const delivered = await inbound(queuedId((await smtpSend(port, 'bounce-kind@demoaps.example', inquiryTo, inquiry)).output));
      assert.equal(delivered.status, 'delivered', delivered.error_code ?? '');
      const message = await kuvert.store.db.selectFrom('message').select(['recipient_mailbox_id', 'recipient_contact_point_id']).where('id', '=', delivered.message_ids![0]!).executeTakeFirstOrThrow();
      assert.equal(message.recipient_mailbox_id, ids.authorityMailbox);
      assert.equal(message.recipient_contact_point_id, DEMO.contactPoints[0].id);
    });

    test('no more than 20 DSNs an hour go to one envelope sender (forged senders must not make Kuvert a backscatter source)', async () => {
      const db = kuvert.store.db;
      const victim = 'victim@elsewhere.example';
      await db.insertInto('inbound_mail').values(Array.from({ length: 20 }, () => ({
        mail_from: victim, rcpt_to: ['x@kuvert.test'], size: 1, raw: Buffer.from('x'), status: 'rejected' as const, error_code: 'NOT_SIGNED',
      }))).execute();
      const to = `2211771212@borgerservice.${DOMAIN}`;
      const sent = await smtpSend(port, victim, to, smimeMail({ from: victim, to, subject: 'Spam', text: 'Spam' }));
      const row = await inbound(queuedId(sent.output));
      assert.equal(row.error_code, 'NOT_SIGNED');
      const dsnJobs = await db.selectFrom('job').select('payload').where('kind', '=', 'mail.dsn').execute();
      assert.ok(!dsnJobs.some((j) => JSON.stringify(j.payload).includes(row.id)), 'no DSN for the 21st refusal within the hour');
    });

    test('mail signed with an expired registered certificate gets a DSN saying so', async () => {
      const db = kuvert.store.db;
      const { describeCertificate } = await import('../../src/gateway/smime/index.ts');
      const info = describeCertificate(pki.expired.der);
      await db.insertInto('mail_certificate').values({
        organisation_id: ids.authority, fingerprint_sha256: info.fingerprintSha256, der: pki.expired.der, subject: info.subject, issuer: info.issuer,
        not_before: info.notBefore, not_after: info.notAfter, emails: ['old@kommunen.example'], created_by: 'test',
      }).execute();
      const to = `2211771212@borgerservice.${DOMAIN}`;
      const mail = smimeMail({ signer: pki.expired, encryptTo: gatewayCert, from: 'old@kommunen.example', to, subject: 'Gammel', text: 'Gammelt certifikat' });
      const sent = await smtpSend(port, 'old@kommunen.example', to, mail);
      const row = await inbound(queuedId(sent.output));
      assert.equal(row.error_code, 'CERTIFICATE_EXPIRED');
      const dsn = await sink.waitFor((m) => m.to.includes('old@kommunen.example'));
      assert.match(dsn.raw.toString('utf8'), /expired/);
      // the DSN names which certificate: its subject and serial
      const text = dsn.raw.toString('utf8').replace(/=\r?\n/g, '').replace(/\r?\n\s+/g, ' ');
      assert.ok(text.includes(`(serial ${info.serialNumber})`), 'the serial is named');
      assert.ok(text.includes(info.subject.split(',')[0]!.trim()), 'the subject is named');
    });

    describe('forwarding to a company\'s secure mail system, and replies', () => {
      const principal = (): Principal => ({
        userId: ids.mette, name: 'Mette', citizenMailboxId: null,
        memberships: [{ organisationId: ids.company, mailboxId: ids.companyMailbox, level: 'extended', activated: true, role: 'super-admin', folderIds: null }],
      });
      let forwarded: SunkMail;
      let inner: Awaited<ReturnType<typeof simpleParser>>;
      let original: { id: string; thread_id: string; message_uuid: string };

      test('setting up sends a signed and encrypted confirmation link; forwarding starts when an admin opens it', async () => {
        const db = kuvert.store.db;
        await configureForwarding(db, kuvert.ctx.eventChains, { principal: principal(), organisationId: ids.company }, {
          address: 'sikker@demoaps.example', certificate: pki.company.certPem, scope: 'all',
        });
        kuvert.worker.wake();
        const confirmation = await sink.waitFor((m) => m.to.includes('sikker@demoaps.example'));
        assert.doesNotMatch(confirmation.raw.toString('latin1'), /bekraeft\?/, 'the link is not readable on the wire');
        const opened = await simpleParser(openOutbound(confirmation, pki.company, gatewayCert));
        const token = /[?&]token=([A-Za-z0-9_-]+)/.exec(opened.text ?? '')?.[1] ?? assert.fail(`no link in ${opened.text}`);
        const status = async () => (await db.selectFrom('forwarding').select('status').where('organisation_id', '=', ids.company).executeTakeFirstOrThrow()).status;
        assert.equal(await status(), 'pending');
        await assert.rejects(confirmForwarding(db, kuvert.ctx.eventChains, { principal: principal(), organisationId: ids.company }, 'x'.repeat(43)), /not valid/);
        await confirmForwarding(db, kuvert.ctx.eventChains, { principal: principal(), organisationId: ids.company }, token);
        assert.equal(await status(), 'active');
        sink.mails.length = 0;
      });

      test('a letter is forwarded signed and encrypted; openssl decrypts and verifies it and the metadata files are intact', async () => {
        const { uuid, xml } = letter({ label: 'Afgørelse om erhvervsstøtte', pNumber: '1012345678', reply: true, content: PDF });
        const response = await send(kuvert.app, xml);
        assert.equal(response.status, 201);
        forwarded = await sink.waitFor((m) => m.to.includes('sikker@demoaps.example'));
        assert.doesNotMatch(forwarded.raw.toString('latin1'), /erhvervsst/, 'the title is not on the wire in clear text');
        inner = await simpleParser(openOutbound(forwarded, pki.company, gatewayCert));
        assert.equal(inner.subject, 'Afgørelse om erhvervsstøtte');
        const names = inner.attachments.map((a) => a.filename);
        assert.deepEqual(names, ['afgoerelse.pdf', 'memo-header.xml', 'attention.xml', 'thread.xml', 'letter.xml']);
        assert.match(inner.attachments[4]!.content.toString('utf8'), /<kuvert:folder>Indbakke<\/kuvert:folder>/, 'letter.xml names the folder');
        assert.ok(inner.attachments[0]!.content.equals(PDF), 'the document is byte-exact');
        const header = inner.attachments[1]!.content.toString('utf8');
        assert.match(header, new RegExp(uuid));
        assert.match(header, /MessageHeader/);
        assert.match(inner.attachments[2]!.content.toString('utf8'), /1012345678/);
        const replyTo = inner.replyTo?.value[0]?.address ?? '';
        assert.match(replyTo, new RegExp(`^reply\\+[a-z2-7]{26}@${DOMAIN.replace('.', '\\.')}$`));
        assert.match(inner.attachments[3]!.content.toString('utf8'), new RegExp(replyTo.slice(6, 32)));
        original = await kuvert.store.db.selectFrom('message').select(['id', 'thread_id', 'message_uuid']).where('message_uuid', '=', uuid).executeTakeFirstOrThrow();
        const state = await kuvert.store.db.selectFrom('message_state').select('mailbox_id').where('message_id', '=', original.id).execute();
        assert.ok(state.some((s) => s.mailbox_id === ids.companyMailbox), 'the mailbox copy stays');
        const events = await kuvert.store.db.selectFrom('event').select('type').where('message_id', '=', original.id).execute();
        assert.ok(events.some((e) => e.type === 'MEMO_FORWARDED_BY_EMAIL'));
      });

      const reply = async (to: string, options: { subject: string; headers?: string[]; threadFile?: boolean }) => {
        const attach = options.threadFile ? [{ name: 'thread.xml', content: inner.attachments[3]!.content }] : [];
        const mail = smimeMail({
          signer: pki.company, encryptTo: gatewayCert, from: 'sikker@demoaps.example', to, subject: options.subject, text: `Svar: ${options.subject}`,
          attach, ...(options.headers ? { headers: options.headers } : {}),
        });
        const sent = await smtpSend(port, 'sikker@demoaps.example', to, mail);
        assert.ok(sent.ok, sent.output);
        const row = await inbound(queuedId(sent.output));
        assert.equal(row.status, 'delivered', `${row.error_code}: ${row.error_message}`);
        const message = await kuvert.store.db.selectFrom('message').select(['id', 'thread_id', 'recipient_mailbox_id', 'label', 'document_text'])
          .where('id', '=', row.message_ids![0]!).executeTakeFirstOrThrow();
        const via = await kuvert.store.db.selectFrom('event').select('body').where('message_id', '=', message.id).where('type', '=', 'MAIL_DELIVERED').executeTakeFirstOrThrow();
        return { message, via: JSON.parse(via.body).data?.threadedVia as string | undefined };
      };

      test('a reply to the reply address, without the metadata file and with another subject, lands in the thread with ReplyData', async () => {
        const replyTo = inner.replyTo!.value[0]!.address!;
        const { message, via } = await reply(replyTo, { subject: 'Noget helt andet' });
        assert.equal(via, 'reply-address');
        assert.equal(message.thread_id, original.thread_id);
        assert.equal(message.recipient_mailbox_id, ids.authorityMailbox);
        assert.equal(message.label, 'Noget helt andet');
        assert.match(message.document_text, new RegExp(`<memo:ReplyData>\\s*<memo:messageUUID>${original.message_uuid}`));
      });

      test('a reply to the contact point with only In-Reply-To is threaded by the Message-ID', async () => {
        const { message, via } = await reply(`borgerservice@${DOMAIN}`, { subject: 'Via header', headers: [`In-Reply-To: <${inner.messageId!.replace(/^<|>$/g, '')}>`] });
        assert.equal(via, 'message-id');
        assert.equal(message.thread_id, original.thread_id);
      });

      test('a reply with only the thread file is threaded by it', async () => {
        const { message, via } = await reply(`borgerservice@${DOMAIN}`, { subject: 'Via fil', threadFile: true });
        assert.equal(via, 'thread-file');
        assert.equal(message.thread_id, original.thread_id);
      });

      test('mail without any thread clue becomes a new message to the contact point, not dropped', async () => {
        const { message, via } = await reply(`borgerservice@${DOMAIN}`, { subject: 'Ny henvendelse' });
        assert.equal(via, undefined);
        assert.equal(message.thread_id, message.id);
        assert.equal(message.recipient_mailbox_id, ids.authorityMailbox);
      });

      test('a failed delivery retries, then is a dead letter with the remote reason that the admin can retry', async () => {
        const db = kuvert.store.db;
        sink.reject = '5.7.1 Mailbox sikker@demoaps.example is full';
        const { uuid, xml } = letter({ label: 'Rykker' });
        assert.equal((await send(kuvert.app, xml)).status, 201);
        const message = await db.selectFrom('message').select('id').where('message_uuid', '=', uuid).executeTakeFirstOrThrow();
        const job = await waitFor('a failed attempt', async () => db.selectFrom('job').selectAll().where('kind', '=', 'mail.forward')
          .where('last_error', 'is not', null).where('state', '=', 'pending').executeTakeFirst());
        assert.match(job.last_error!, /full/);
        await db.updateTable('job').set({ run_at: new Date(), max_attempts: 2 }).where('id', '=', job.id).execute();
        kuvert.worker.wake();
        await waitFor('the dead letter', async () => (await db.selectFrom('job').select('state').where('id', '=', job.id).executeTakeFirstOrThrow()).state === 'dead' || undefined);
        const view = await secureMailView(db, { principal: principal(), organisationId: ids.company }, 'x');
        assert.equal(view.forwarding?.deadLetters.length, 1);
        assert.equal(view.forwarding?.deadLetters[0]?.messageId, message.id);
        assert.match(view.forwarding?.deadLetters[0]?.lastError ?? '', /full/);
        sink.reject = undefined;
        sink.mails.length = 0;
        await retryDeadLetter(db, kuvert.ctx.eventChains, { principal: principal(), organisationId: ids.company }, job.id);
        kuvert.worker.wake();
        await sink.waitFor((m) => m.to.includes('sikker@demoaps.example'));
        const state = await waitFor('done', async () => { const s = (await db.selectFrom('job').select('state').where('id', '=', job.id).executeTakeFirstOrThrow()).state; return s === 'done' ? s : undefined; });
        assert.equal(state, 'done');
      });

      test('certificate expiry: warned once per threshold, then forwarding pauses with a reason and waits', async () => {
        const db = kuvert.store.db;
        const deps = { keys: () => kuvert.gateway.keys(), transport: kuvert.gateway.transport, domain: DOMAIN, publicUrl: 'http://x', eventChains: kuvert.ctx.eventChains };
        const { describeCertificate } = await import('../../src/gateway/smime/index.ts');
        const { fingerprintSha256: fingerprint, notAfter } = describeCertificate(pki.company.der);
        const tenDaysBefore = new Date(notAfter.getTime() - 10 * 86_400_000 + 3600_000);
        await checkCertificates(deps, db, tenDaysBefore);
        await checkCertificates(deps, db, tenDaysBefore);
        const warned = await db.selectFrom('certificate_warning').select('days').where('fingerprint_sha256', '=', fingerprint).orderBy('days').execute();
        assert.deepEqual(warned.map((w) => w.days), [14, 30]);
        const notices = await db.selectFrom('job').select('id').where('kind', '=', 'mail.notice').execute();
        assert.equal(notices.length, 1, 'one warning mail, not one per threshold or run');
        await checkCertificates(deps, db, new Date(notAfter.getTime() - 6 * 86_400_000));
        assert.deepEqual((await db.selectFrom('certificate_warning').select('days').where('fingerprint_sha256', '=', fingerprint).orderBy('days').execute()).map((w) => w.days), [7, 14, 30]);
        const view = await secureMailView(db, { principal: principal(), organisationId: ids.company }, 'x', tenDaysBefore);
        assert.equal(view.warnings[0]?.certificate, 'receiving');
        assert.equal(view.warnings[0]?.daysLeft, 9);

        await checkCertificates(deps, db, new Date(notAfter.getTime() + 1000));
        const f = await db.selectFrom('forwarding').select(['status', 'status_reason']).where('organisation_id', '=', ids.company).executeTakeFirstOrThrow();
        assert.deepEqual(f, { status: 'paused', status_reason: 'CERTIFICATE_EXPIRED' });
        const { uuid, xml } = letter({ label: 'Venter' });
        assert.equal((await send(kuvert.app, xml)).status, 201);
        const message = await db.selectFrom('message').select('id').where('message_uuid', '=', uuid).executeTakeFirstOrThrow();
        const job = await waitFor('the deferred job', async () => db.selectFrom('job').selectAll().where('kind', '=', 'mail.forward')
          .where(({ ref }) => ref('payload', '->>').key('messageId' as never), '=', message.id as never).where('last_error', 'is not', null).executeTakeFirst());
        assert.equal(job.state, 'pending');
        assert.equal(job.attempts, 0, 'waiting is not a failed attempt');
        assert.match(job.last_error!, /paused/);
      });
    });
  });
}
