import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import type { MemoMessage, MemoVersion } from '../../src/memo/index.ts';

const SHARED = process.env.KUVERT_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));

export function examples(): { name: string; xml: string }[] {
  const dir = join(SHARED, 'memo', 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((name) => ({ name, xml: readFileSync(join(dir, name), 'utf8') }));
}

export function example(name: string): string {
  const found = examples().find((e) => e.name === name);
  if (!found) throw new Error(`no example ${name}`);
  return found.xml;
}

/** Replaces exactly one occurrence, so that an edit cannot silently miss. */
export function replaceOnce(xml: string, from: string, to: string): string {
  const at = xml.indexOf(from);
  if (at === -1 || xml.indexOf(from, at + 1) !== -1) throw new Error(`'${from}' must occur exactly once`);
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

/** The example turned into a 1.1 document: memoSchVersion, mandatory and legalNotification added. */
export function asVersion11(xml: string): string {
  return xml
    .replace('memoVersion="1.2"', 'memoVersion="1.1" memoSchVersion="1.1.0"')
    .replace(/(<memo:Sender>)/, '<memo:mandatory>false</memo:mandatory>\n\t\t<memo:legalNotification>false</memo:legalNotification>\n\t\t$1');
}

function schemaFiles(version: MemoVersion): { fileName: string; contents: string }[] {
  const dir = join(SHARED, 'memo', 'xsd', version);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xsd'))
    .map((fileName) => ({ fileName, contents: readFileSync(join(dir, fileName), 'utf8') }));
}

export interface XsdVerdict {
  valid: boolean;
  output: string;
}

/** Validates documents against the official XSD of `version` with libxml2 (xmllint-wasm), in one run. */
export async function xsdValidate(version: MemoVersion, docs: readonly string[]): Promise<XsdVerdict[]> {
  const files = schemaFiles(version);
  const core = files.find((f) => f.fileName === 'MeMo_core.xsd');
  if (!core) throw new Error(`no MeMo_core.xsd for ${version}`);
  const result = await validateXML({
    xml: docs.map((contents, i) => ({ fileName: `doc${i}.xml`, contents })),
    schema: [core],
    preload: files.filter((f) => f !== core),
    maxMemoryPages: 4096,
  });
  const lines = result.rawOutput.split('\n');
  return docs.map((_, i) => ({
    valid: lines.includes(`doc${i}.xml validates`),
    output: lines.filter((l) => l.startsWith(`doc${i}.xml`)).join('\n'),
  }));
}

const uuid = (n: number): string => `0b6c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c${String(n).padStart(2, '0')}`;

/** A MeMo 1.2 message with every element of the schema used at least once. */
export function richMessage(): MemoMessage {
  const attention = (who: string) => ({
    attentionPerson: { personID: `${who}-person`, label: 'Sagsbehandler Åse' },
    productionUnit: { productionUnitNumber: 1012345678, productionUnitName: 'Filial Nord' },
    globalLocationNumber: { globalLocationNumber: 5790000000001, location: 'Lager' },
    eMail: { emailAddress: `${who}@example.dk`, relatedAgent: 'Postkasse' },
    seNumber: { seNumber: '12345678', companyName: 'Firma A/S' },
    telephone: { telephoneNumber: '+45 12 34 56 78', relatedAgent: 'Omstilling' },
    eID: { eID: `eid-${who}`, label: 'Medarbejdersignatur' },
    contentResponsible: { contentResponsibleID: 'cr-1', label: 'Borgerservice' },
    generatingSystem: { generatingSystemID: 'sys-1', label: 'Fagsystem' },
    sorData: { sorIdentifier: '123456789012345', entryName: 'Klinik' },
    address: {
      id: '0a3f50a0-4660-32b8-e044-0003ba298018', addressLabel: 'Rådhuspladsen 1, 1550 København V', houseNumber: '1',
      door: 'tv', floor: '2', co: 'c/o Borgerservice', zipCode: '1550', city: 'København V', country: 'DK',
      addressPoint: { geographicEastingMeasure: '724000', geographicNorthingMeasure: '6175000', geographicHeightMeasure: '10' },
    },
    unstructuredAddress: { unstructured: 'Rådhuspladsen 1\n1550 København V' },
  });
  const contactPoint = {
    contactGroup: 'Borgerservice',
    contactPointID: 'cp-42',
    label: 'Kontakt os',
    contactInfo: [{ label: 'Telefon', value: '33 66 33 66' }, { label: 'Åbent', value: 'Man–fre 10–15' }],
  };
  const file = (name: string, content: string) => ({ encodingFormat: 'application/pdf', filename: name, language: 'da', content });
  return {
    version: '1.2',
    header: {
      messageType: 'DIGITALPOST',
      messageUUID: uuid(1),
      messageID: 'MSG-2024-0001',
      messageCode: 'BOLIGSTOETTE',
      label: 'Afgørelse om boligstøtte & huslejetilskud <2024>',
      notification: 'Du har fået en afgørelse',
      additionalNotification: 'Læs den inden 1. juni',
      reply: true,
      replyByDateTime: '2024-06-01T12:00:00Z',
      doNotDeliverUntilDate: '2024-05-10',
      mandatory: true,
      legalNotification: false,
      postType: 'AFGOERELSE',
      sender: {
        senderID: '29189846',
        idType: 'CVR',
        idTypeLabel: 'CVR-nummer',
        label: 'Københavns Kommune',
        attentionData: attention('sender'),
        contactPoint,
        representative: { representativeID: '12345678', idType: 'CVR', idTypeLabel: 'CVR-nummer', label: 'Advokat ApS' },
      },
      recipient: {
        recipientID: '87654321',
        idType: 'CVR',
        idTypeLabel: 'CVR-nummer',
        label: 'Modtager A/S',
        attentionData: attention('recipient'),
        contactPoint,
      },
      contentData: {
        cprData: { cprNumber: '0101011234', name: 'Jens Hansen' },
        cvrData: { cvrNumber: '87654321', companyName: 'Modtager A/S' },
        motorVehicle: { licenseNumber: 'AB12345', chassisNumber: 'WVWZZZ1JZXW000001' },
        propertyNumber: { propertyNumber: '123456' },
        caseID: { caseID: '2024-123', caseSystem: 'SBSYS' },
        kleData: { subjectKey: '03.10.08', version: '2024', activityFacet: 'G01', label: 'Boligstøtte' },
        formData: { taskKey: '03.10.08.00', version: '2024', activityFacet: 'A', label: 'Boligstøtte' },
        productionUnit: { productionUnitNumber: 1012345678, productionUnitName: 'Filial Nord' },
        education: { educationCode: '5080', educationName: 'Gymnasial uddannelse' },
        address: { zipCode: '1550', city: 'København V' },
        unstructuredAddress: { unstructured: 'Postboks 1' },
        additionalContentData: [
          { contentDataType: 'string', contentDataName: 'journalnummer', contentDataValue: 'J-1' },
          { contentDataName: 'afdeling', contentDataValue: 'Ydelser' },
        ],
      },
      forwardData: {
        messageUUID: uuid(2),
        originalMessageDateTime: '2024-05-01T08:30:00.250Z',
        originalSender: 'Styrelsen',
        originalContentResponsible: 'Kontoret',
        originalRepresentative: 'Advokat ApS',
        contactPointID: 'cp-7',
        comment: 'Videresendt til rette myndighed',
      },
      replyData: [
        {
          messageID: 'MSG-2024-0000', messageUUID: uuid(3), replyUUID: uuid(4), senderID: '29189846', recipientID: '87654321',
          caseID: '2024-123', contactPointID: 'cp-42', generatingSystemID: 'sys-1', comment: 'Svar på ansøgning',
          additionalReplyData: [{ label: 'sag', value: '1' }, { label: 'runde', value: '2' }],
        },
        { messageUUID: uuid(5) },
      ],
    },
    body: {
      createdDateTime: '2024-05-03T12:00:00Z',
      mainDocument: {
        mainDocumentID: 'main-1',
        label: 'Afgørelse',
        file: [file('Afgørelse.pdf', 'JVBERi0xLjQK'), { encodingFormat: 'text/plain', filename: 'Resumé.txt', language: 'en', content: '' }],
        action: [
          { label: 'Se sagen', actionCode: 'SELVBETJENING', entryPoint: { url: 'https://www.kk.dk/sag?id=1&x=%C3%A6' } },
          {
            label: 'Book tid', actionCode: 'AFTALE', startDateTime: '2024-05-20T08:00:00Z', endDateTime: '2024-05-31T16:00:00Z',
            reservation: {
              description: 'Møde', reservationUUID: uuid(6), abstract: 'Møde om din sag', location: 'Rådhuset',
              startDateTime: '2024-06-03T09:00:00Z', endDateTime: '2024-06-03T10:00:00Z',
              organizerMail: 'booking@kk.dk', organizerName: 'Borgerservice',
            },
          },
          { label: 'Betal', actionCode: 'BETALING' },
        ],
      },
      additionalDocument: [
        {
          additionalDocumentID: 'add-1', label: 'Bilag 1', file: [file('Bilag 1.pdf', 'QmlsYWc=')],
          action: [{ label: 'Læs mere', actionCode: 'INFORMATION', entryPoint: { url: 'https://www.borger.dk/' } }],
        },
        { file: [file('Bilag 2.pdf', 'QQ==')] },
      ],
      technicalDocument: [{ technicalDocumentID: 'tech-1', label: 'Data', file: [{ encodingFormat: 'application/xml', filename: 'data.xml', language: 'da', content: 'PGEvPg==' }] }],
    },
  };
}

/** The same message as MeMo 1.1: no Representative, no originalRepresentative; memoSchVersion, mandatory and legalNotification set. */
export function toVersion11(message: MemoMessage): MemoMessage {
  const copy = structuredClone(message);
  copy.version = '1.1';
  copy.memoSchVersion = '1.1.0';
  copy.header.mandatory ??= false;
  copy.header.legalNotification ??= false;
  delete copy.header.sender.representative;
  delete copy.header.forwardData?.originalRepresentative;
  return copy;
}
