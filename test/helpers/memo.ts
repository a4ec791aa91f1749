import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED = process.env.KUVERT_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));

export function example(name: string): string {
  return readFileSync(`${SHARED}/memo/examples/${name}`, 'utf8');
}

export interface LetterOptions {
  uuid?: string;
  senderCvr?: string;
  recipientId?: string;
  recipientType?: 'CPR' | 'CVR';
  label?: string;
  pNumber?: string;
  doNotDeliverUntilDate?: string;
  content?: Buffer;
  filename?: string;
  version?: '1.1' | '1.2';
  /** MessageHeader/reply: the recipient may answer */
  reply?: boolean;
  /** MessageHeader/messageCode: the sender's material */
  messageCode?: string;
  /** AttentionData/AttentionPerson/label and AttentionData/EMail/emailAddress */
  attentionPerson?: string;
  attentionEmail?: string;
}

/** A MeMo letter written the way sender systems write them (by hand, not by our serializer). */
export function letter(options: LetterOptions = {}): { uuid: string; xml: string } {
  const uuid = options.uuid ?? randomUUID();
  const content = (options.content ?? Buffer.from('%PDF-1.4 demo letter')).toString('base64');
  const attentionParts = [
    options.attentionPerson ? `<memo:AttentionPerson><memo:label>${options.attentionPerson}</memo:label></memo:AttentionPerson>` : '',
    options.pNumber ? `<grd:ProductionUnit><grd:productionUnitNumber>${options.pNumber}</grd:productionUnitNumber></grd:ProductionUnit>` : '',
    options.attentionEmail ? `<memo:EMail><memo:emailAddress>${options.attentionEmail}</memo:emailAddress></memo:EMail>` : '',
  ].join('');
  const attention = attentionParts ? `<memo:AttentionData>${attentionParts}</memo:AttentionData>` : '';
  const v11 = options.version === '1.1' ? '<memo:mandatory>false</memo:mandatory><memo:legalNotification>false</memo:legalNotification>' : '';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" xmlns:grd="https://data.gov.dk/model/core/" memoVersion="${options.version ?? '1.2'}">
  <memo:MessageHeader>
    <memo:messageType>DIGITALPOST</memo:messageType>
    <memo:messageUUID>${uuid}</memo:messageUUID>
    ${options.messageCode ? `<memo:messageCode>${options.messageCode}</memo:messageCode>` : ''}
    <memo:label>${options.label ?? 'Afgørelse om byggetilladelse'}</memo:label>
    ${options.reply ? '<memo:reply>true</memo:reply>' : ''}
    ${options.doNotDeliverUntilDate ? `<memo:doNotDeliverUntilDate>${options.doNotDeliverUntilDate}</memo:doNotDeliverUntilDate>` : ''}
    ${v11}
    <memo:Sender>
      <memo:senderID>${options.senderCvr ?? '12345678'}</memo:senderID>
      <memo:idType>CVR</memo:idType>
      <memo:label>Kommunen</memo:label>
    </memo:Sender>
    <memo:Recipient>
      <memo:recipientID>${options.recipientId ?? '29876543'}</memo:recipientID>
      <memo:idType>${options.recipientType ?? 'CVR'}</memo:idType>
      ${attention}
    </memo:Recipient>
  </memo:MessageHeader>
  <memo:MessageBody>
    <memo:createdDateTime>2026-11-23T10:00:00Z</memo:createdDateTime>
    <memo:MainDocument>
      <memo:File>
        <memo:encodingFormat>application/pdf</memo:encodingFormat>
        <memo:filename>${options.filename ?? 'afgoerelse.pdf'}</memo:filename>
        <memo:language>da</memo:language>
        <memo:content>${content}</memo:content>
      </memo:File>
    </memo:MainDocument>
  </memo:MessageBody>
</memo:Message>
`;
  return { uuid, xml };
}
