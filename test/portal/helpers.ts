import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { serializeMemo, type MemoAction, type MemoAdditionalDocument, type MemoMessage } from '../../src/memo/index.ts';
import type { Db } from '../../src/store/index.ts';
import { send } from '../helpers/api.ts';
import { sessionFor, type TestSession } from '../helpers/session.ts';

export interface Person extends TestSession {
  /** the first mailbox of GET /api/session (the citizen's own, or the organisation's) */
  mailboxId: string;
  folders: Record<string, string>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Logs a demo person in (store-made session) and looks up their mailbox and its folders by kind and name. */
export async function login(app: FastifyInstance, db: Db, sub: string): Promise<Person> {
  const session = await sessionFor(db, sub);
  const me = (await app.inject({ method: 'GET', url: '/api/session', headers: session.headers })).json();
  const mailboxId = me.mailboxes[0].id as string;
  const rows = await db.selectFrom('folder').select(['id', 'kind', 'name']).where('mailbox_id', '=', mailboxId).execute();
  const folders: Record<string, string> = {};
  for (const f of rows) folders[f.kind === 'USER' ? f.name : f.kind] = f.id;
  return { ...session, mailboxId, folders };
}

/** The demo's four portal people, logged in: two citizens, Demo ApS's super-administrator and its reader of Løn only. */
export async function loginDemoPeople(app: FastifyInstance, db: Db): Promise<{ jens: Person; anne: Person; mette: Person; ole: Person }> {
  const [jens, anne, mette, ole] = await Promise.all(
    ['demo-citizen-jens', 'demo-citizen-anne', 'demo-employee-mette', 'demo-employee-ole'].map((sub) => login(app, db, sub)),
  );
  return { jens: jens!, anne: anne!, mette: mette!, ole: ole! };
}

export async function api(app: FastifyInstance, who: TestSession | undefined, method: Method, url: string, payload?: unknown) {
  const response = await app.inject({ method, url, headers: who?.headers ?? {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  let body: any;
  try { body = response.json(); } catch { body = undefined; }
  return { status: response.statusCode, body, headers: response.headers, raw: response.rawPayload, text: response.body };
}

export interface FormFile {
  filename: string;
  contentType: string;
  content: Buffer | string;
}

/** A reply or new message as the portal sends it (multipart/form-data): the fields, then the files as `attachments`. */
export function messageForm(fields: Record<string, string>, files: readonly FormFile[] = []): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const { content, contentType, filename } of files) {
    form.append('attachments', new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type: contentType }), filename);
  }
  return form;
}

export interface RichLetter {
  recipient?: { id: string; type: 'CPR' | 'CVR' };
  label?: string;
  text?: string;
  html?: string;
  pdf?: Buffer;
  reply?: boolean;
  replyBy?: string;
  messageID?: string;
  senderContactPoint?: string;
  actions?: MemoAction[];
  attachments?: MemoAdditionalDocument[];
}

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

/** A letter from Kommunen (CVR 12345678) with the features the portal shows, built as a MeMo model. */
export function richLetter(options: RichLetter = {}): { uuid: string; xml: string } {
  const uuid = randomUUID();
  const files = [];
  if (options.pdf) files.push({ encodingFormat: 'application/pdf', filename: 'Afgørelse.pdf', language: 'da', content: b64(options.pdf) });
  if (options.html !== undefined) files.push({ encodingFormat: 'text/html', filename: 'brev.html', language: 'da', content: b64(options.html) });
  if (options.text !== undefined || files.length === 0) {
    files.push({ encodingFormat: 'text/plain', filename: 'brev.txt', language: 'da', content: b64(options.text ?? 'Kære borger. Her er dit brev.') });
  }
  const memo: MemoMessage = {
    version: '1.2',
    header: {
      messageType: 'DIGITALPOST',
      messageUUID: uuid,
      ...(options.messageID ? { messageID: options.messageID } : {}),
      label: options.label ?? 'Brev fra kommunen',
      ...(options.reply !== undefined ? { reply: options.reply } : {}),
      ...(options.replyBy ? { replyByDateTime: options.replyBy } : {}),
      sender: {
        senderID: '12345678', idType: 'CVR', label: 'Kommunen',
        ...(options.senderContactPoint ? { contactPoint: { contactPointID: options.senderContactPoint, label: 'Byggesager' } } : {}),
      },
      recipient: { recipientID: options.recipient?.id ?? '2211771212', idType: options.recipient?.type ?? 'CPR' },
    },
    body: {
      createdDateTime: '2026-01-05T10:00:00Z',
      mainDocument: { label: 'Brev', file: files, ...(options.actions ? { action: options.actions } : {}) },
      ...(options.attachments ? { additionalDocument: options.attachments } : {}),
    },
  };
  return { uuid, xml: serializeMemo(memo) };
}

/** Sends a letter as Kommunen's sender system and returns the Kuvert message id. */
export async function deliver(app: FastifyInstance, db: Db, letter: { uuid: string; xml: string }): Promise<string> {
  const sent = await send(app, letter.xml);
  if (sent.status !== 201) throw new Error(`not delivered: ${JSON.stringify(sent.body)}`);
  const row = await db.selectFrom('message').select('id').where('message_uuid', '=', letter.uuid.toLowerCase()).executeTakeFirstOrThrow();
  return row.id;
}

/** Everything that a portal call could write, to prove that a refused one wrote nothing. */
export async function snapshot(db: Db): Promise<string> {
  const [events, states, folders, messages] = await Promise.all([
    db.selectFrom('event').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    db.selectFrom('message_state').selectAll().orderBy('mailbox_id').orderBy('message_id').execute(),
    db.selectFrom('folder').selectAll().orderBy('id').execute(),
    db.selectFrom('message').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return JSON.stringify({ events: Number(events.n), states, folders, messages: Number(messages.n) });
}
