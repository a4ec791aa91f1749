import { buildHeaderValue } from 'nodemailer/lib/mime-funcs';
import { attachmentPart, cleanFilename, uniqueFilename } from './attachment.ts';
import { boundaryFor } from './boundary.ts';
import { danishTimeInDanish, danishTimeInEnglish } from './danish-time.ts';
import { multipartBody, renderPart, toWire, type MimePart } from './entity.ts';
import { headerField, messageHeaderFields, singleLine } from './header-fields.ts';
import { textPart } from './text-part.ts';
import type { ForwardDocument, ForwardInput } from './types.ts';

export const METADATA_FILENAMES = ['memo-header.xml', 'attention.xml', 'thread.xml', 'letter.xml'] as const;

interface NamedDocument extends ForwardDocument {
  name: string;
}

/** Main documents first; names cleaned and made unique, never one of the metadata files'. */
function namedDocuments(documents: readonly ForwardDocument[]): NamedDocument[] {
  const taken = new Set<string>(METADATA_FILENAMES);
  const ordered = [...documents.filter((d) => d.role === 'main'), ...documents.filter((d) => d.role !== 'main')];
  return ordered.map((d, i) => ({ ...d, name: uniqueFilename(cleanFilename(d.filename, `dokument-${i + 1}`, d.contentType), taken) }));
}

function introText(input: ForwardInput, documents: readonly NamedDocument[]): string {
  const sender = singleLine(input.senderName);
  const title = singleLine(input.subject);
  const names = (role: ForwardDocument['role']) => documents.filter((d) => d.role === role).map((d) => d.name).join(', ');
  const list = (label: string, role: ForwardDocument['role']) => (names(role) ? [`${label}: ${names(role)}`] : []);
  return [
    `Digital Post fra ${sender}`,
    '',
    `Titel: ${title}`,
    `Modtaget: ${danishTimeInDanish(input.receivedAt)}`,
    ...list('Hoveddokument', 'main'),
    ...list('Bilag', 'additional'),
    '',
    'Svar ved at besvare denne e-mail; svaret kommer i samme sag.',
    'memo-header.xml, attention.xml, thread.xml og letter.xml er brevets metadata til jeres systemer.',
    '',
    '---',
    '',
    `Digital Post from ${sender}`,
    '',
    `Title: ${title}`,
    `Received: ${danishTimeInEnglish(input.receivedAt)}`,
    ...list('Main document', 'main'),
    ...list('Attachments', 'additional'),
    '',
    'Reply by answering this e-mail; the reply is filed in the same case.',
    "memo-header.xml, attention.xml, thread.xml and letter.xml carry the letter's metadata for your systems.",
    '',
  ].join('\r\n');
}

function xmlPart(filename: string, xml: string): MimePart {
  return attachmentPart(filename, 'application/xml', Buffer.from(xml, 'utf8'));
}

/**
 * The inner entity of a letter forwarded to an organisation's secure mail system, with its header fields
 * protected inside (RFC 7508 style): explanation, documents (main first), then the metadata files.
 */
export function forwardEntity(input: ForwardInput): Buffer {
  const documents = namedDocuments(input.documents);
  const [memoHeaderName, attentionName, threadName, letterName] = METADATA_FILENAMES;
  const parts = [
    textPart(introText(input, documents), 'da, en'),
    ...documents.map((d) => attachmentPart(d.name, d.contentType, d.content)),
    xmlPart(memoHeaderName, input.memoHeaderXml),
    xmlPart(attentionName, input.attentionXml),
    xmlPart(threadName, input.threadXml),
    xmlPart(letterName, input.letterXml),
  ].map(renderPart);
  const boundary = boundaryFor(input.boundarySeed, 'mixed', parts);
  const headers = [
    ...messageHeaderFields(input),
    'MIME-Version: 1.0',
    headerField('Content-Type', buildHeaderValue({ value: 'multipart/mixed', params: { boundary, 'protected-headers': 'v1' } })),
  ];
  return toWire(`${headers.join('\r\n')}\r\n\r\n${multipartBody(boundary, parts)}`);
}
