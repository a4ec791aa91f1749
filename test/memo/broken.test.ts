import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMemo } from '../../src/memo/index.ts';
import { replaceOnce, xsdValidate } from './helpers.ts';

const BASE = `<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" xmlns:grd="https://data.gov.dk/model/core/" memoVersion="1.2">
  <memo:MessageHeader>
    <memo:messageType>DIGITALPOST</memo:messageType>
    <memo:messageUUID>8c2ea15d-61fb-4ba9-9366-42f8b194c114</memo:messageUUID>
    <memo:label>Afgørelse om boligstøtte</memo:label>
    <memo:notification>Du har fået post</memo:notification>
    <memo:reply>true</memo:reply>
    <memo:replyByDateTime>2024-06-01T12:00:00Z</memo:replyByDateTime>
    <memo:doNotDeliverUntilDate>2024-05-10</memo:doNotDeliverUntilDate>
    <memo:mandatory>false</memo:mandatory>
    <memo:legalNotification>0</memo:legalNotification>
    <memo:Sender>
      <memo:senderID>12345678</memo:senderID>
      <memo:idType>CVR</memo:idType>
      <memo:label>Kommunen</memo:label>
    </memo:Sender>
    <memo:Recipient>
      <memo:recipientID>87654321</memo:recipientID>
      <memo:idType>CVR</memo:idType>
      <memo:AttentionData>
        <grd:ProductionUnit>
          <grd:productionUnitNumber>1234567890</grd:productionUnitNumber>
        </grd:ProductionUnit>
      </memo:AttentionData>
      <memo:ContactPoint>
        <memo:contactPointID>cp-1</memo:contactPointID>
        <memo:ContactInfo><memo:label>Telefon</memo:label><memo:value>12 34 56 78</memo:value></memo:ContactInfo>
      </memo:ContactPoint>
    </memo:Recipient>
    <memo:ContentData>
      <dmv:MotorVehicle xmlns:dmv="https://motorregister.skat.dk/">
        <dmv:licenseNumber>AB12345</dmv:licenseNumber>
      </dmv:MotorVehicle>
    </memo:ContentData>
    <memo:ReplyData>
      <memo:messageUUID>1d9f6a3e-2b4c-4d5e-9f60-718293a4b5c6</memo:messageUUID>
    </memo:ReplyData>
  </memo:MessageHeader>
  <memo:MessageBody>
    <memo:createdDateTime>2024-05-03T12:00:00Z</memo:createdDateTime>
    <memo:MainDocument>
      <memo:File>
        <memo:encodingFormat>application/pdf</memo:encodingFormat>
        <memo:filename>Afgørelse.pdf</memo:filename>
        <memo:language>da</memo:language>
        <memo:content>VGhpcyBpcyBhIHRlc3Q=</memo:content>
      </memo:File>
      <memo:Action>
        <memo:label>Se din sag</memo:label>
        <memo:actionCode>SELVBETJENING</memo:actionCode>
        <memo:EntryPoint><memo:url>https://example.dk/sag</memo:url></memo:EntryPoint>
      </memo:Action>
      <memo:Action>
        <memo:label>Book tid</memo:label>
        <memo:actionCode>AFTALE</memo:actionCode>
        <memo:Reservation>
          <memo:description>Møde</memo:description>
          <memo:reservationUUID>5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9</memo:reservationUUID>
          <memo:abstract>Møde om sagen</memo:abstract>
          <memo:location>Rådhuset</memo:location>
          <memo:startDateTime>2024-06-03T09:00:00Z</memo:startDateTime>
          <memo:endDateTime>2024-06-03T10:00:00Z</memo:endDateTime>
        </memo:Reservation>
      </memo:Action>
    </memo:MainDocument>
    <memo:AdditionalDocument>
      <memo:label>Bilag</memo:label>
      <memo:File>
        <memo:encodingFormat>text/plain</memo:encodingFormat>
        <memo:filename>Bilag.txt</memo:filename>
        <memo:language>da</memo:language>
        <memo:content>QmlsYWc=</memo:content>
      </memo:File>
    </memo:AdditionalDocument>
  </memo:MessageBody>
</memo:Message>
`;

/** 'schema': the XSD rejects it too; 'policy': only Kuvert's rules or its security stance reject it; 'unsafe': not given to xmllint. */
type Agreement = 'schema' | 'policy' | 'unsafe';

interface BrokenCase {
  name: string;
  xml: string;
  code: string;
  path: string;
  xsd: Agreement;
}

const edit = (from: string, to: string) => replaceOnce(BASE, from, to);
const HEADER_LABEL = '<memo:label>Afgørelse om boligstøtte</memo:label>';
const CREATED = '<memo:createdDateTime>2024-05-03T12:00:00Z</memo:createdDateTime>';
const CONTENT = '<memo:content>VGhpcyBpcyBhIHRlc3Q=</memo:content>';
const URL_ELEMENT = '<memo:url>https://example.dk/sag</memo:url>';
const P_NUMBER = '<grd:productionUnitNumber>1234567890</grd:productionUnitNumber>';
const FILE_PATH = 'MessageBody/MainDocument/File[0]';

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
${BASE.replace(/^<\?xml[^>]*>\n/, '').replace(HEADER_LABEL, '<memo:label>&lol9;</memo:label>')}`;

const XXE = `<?xml version="1.0"?>
<!DOCTYPE memo:Message [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
${BASE.replace(/^<\?xml[^>]*>\n/, '').replace(HEADER_LABEL, '<memo:label>&xxe;</memo:label>')}`;

const CASES: BrokenCase[] = [
  { name: 'missing label', xml: edit(HEADER_LABEL, ''), code: 'MISSING_ELEMENT', path: 'MessageHeader/label', xsd: 'schema' },
  { name: 'label of 257 characters', xml: edit(HEADER_LABEL, `<memo:label>${'x'.repeat(257)}</memo:label>`), code: 'TOO_LONG', path: 'MessageHeader/label', xsd: 'schema' },
  { name: 'label of 257 characters, some outside the BMP', xml: edit(HEADER_LABEL, `<memo:label>${'😀'.repeat(257)}</memo:label>`), code: 'TOO_LONG', path: 'MessageHeader/label', xsd: 'schema' },
  { name: 'duplicate label', xml: edit(HEADER_LABEL, HEADER_LABEL + HEADER_LABEL), code: 'TOO_MANY_ELEMENTS', path: 'MessageHeader/label', xsd: 'schema' },
  { name: 'version 1 UUID', xml: edit('8c2ea15d-61fb-4ba9-9366-42f8b194c114', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'), code: 'PATTERN', path: 'MessageHeader/messageUUID', xsd: 'schema' },
  { name: 'UUID with a wrong variant nibble', xml: edit('8c2ea15d-61fb-4ba9-9366-42f8b194c114', '8c2ea15d-61fb-4ba9-c366-42f8b194c114'), code: 'PATTERN', path: 'MessageHeader/messageUUID', xsd: 'schema' },
  { name: 'UUID surrounded by spaces', xml: edit('8c2ea15d-61fb-4ba9-9366-42f8b194c114', ' 8c2ea15d-61fb-4ba9-9366-42f8b194c114 '), code: 'PATTERN', path: 'MessageHeader/messageUUID', xsd: 'schema' },
  { name: 'UUID in ReplyData', xml: edit('1d9f6a3e-2b4c-4d5e-9f60-718293a4b5c6', 'not-a-uuid'), code: 'PATTERN', path: 'MessageHeader/ReplyData[0]/messageUUID', xsd: 'schema' },
  { name: 'date-time without Z', xml: edit(CREATED, '<memo:createdDateTime>2024-05-03T12:00:00</memo:createdDateTime>'), code: 'NOT_DATETIME_Z', path: 'MessageBody/createdDateTime', xsd: 'schema' },
  { name: 'date-time with an offset', xml: edit(CREATED, '<memo:createdDateTime>2024-05-03T12:00:00+02:00</memo:createdDateTime>'), code: 'NOT_DATETIME_Z', path: 'MessageBody/createdDateTime', xsd: 'schema' },
  { name: 'date-time on 30 February', xml: edit(CREATED, '<memo:createdDateTime>2024-02-30T12:00:00Z</memo:createdDateTime>'), code: 'NOT_DATETIME', path: 'MessageBody/createdDateTime', xsd: 'schema' },
  { name: 'date-time that is only a Z', xml: edit('<memo:replyByDateTime>2024-06-01T12:00:00Z</memo:replyByDateTime>', '<memo:replyByDateTime>soon Z</memo:replyByDateTime>'), code: 'NOT_DATETIME', path: 'MessageHeader/replyByDateTime', xsd: 'schema' },
  { name: 'date in month 13', xml: edit('2024-05-10', '2024-13-10'), code: 'NOT_DATE', path: 'MessageHeader/doNotDeliverUntilDate', xsd: 'schema' },
  { name: 'date in Danish order', xml: edit('2024-05-10', '10-05-2024'), code: 'NOT_DATE', path: 'MessageHeader/doNotDeliverUntilDate', xsd: 'schema' },
  { name: 'boolean "yes"', xml: edit('<memo:reply>true</memo:reply>', '<memo:reply>yes</memo:reply>'), code: 'NOT_BOOLEAN', path: 'MessageHeader/reply', xsd: 'schema' },
  { name: 'boolean "TRUE"', xml: edit('<memo:mandatory>false</memo:mandatory>', '<memo:mandatory>TRUE</memo:mandatory>'), code: 'NOT_BOOLEAN', path: 'MessageHeader/mandatory', xsd: 'schema' },
  { name: 'unknown messageType', xml: edit('DIGITALPOST', 'LETTER'), code: 'ENUMERATION', path: 'MessageHeader/messageType', xsd: 'schema' },
  { name: 'messageType in lower case', xml: edit('DIGITALPOST', 'digitalpost'), code: 'ENUMERATION', path: 'MessageHeader/messageType', xsd: 'schema' },
  { name: 'base64 without padding', xml: edit(CONTENT, '<memo:content>VGhpcyBpcyBhIHRlc3Q</memo:content>'), code: 'NOT_BASE64', path: `${FILE_PATH}/content`, xsd: 'schema' },
  { name: 'base64 with a foreign character', xml: edit(CONTENT, '<memo:content>VGhpcyBp*yBhIHRlc3Q=</memo:content>'), code: 'NOT_BASE64', path: `${FILE_PATH}/content`, xsd: 'schema' },
  { name: 'base64 with non-zero padding bits', xml: edit(CONTENT, '<memo:content>VGhpcyBpcyBhIHRlc3R=</memo:content>'), code: 'NOT_BASE64', path: `${FILE_PATH}/content`, xsd: 'schema' },
  { name: 'base64 with data after padding', xml: edit(CONTENT, '<memo:content>VGhpcw==cyBh</memo:content>'), code: 'NOT_BASE64', path: `${FILE_PATH}/content`, xsd: 'schema' },
  { name: 'language of three letters', xml: edit('<memo:language>da</memo:language>\n        <memo:content>VGhp', '<memo:language>dan</memo:language>\n        <memo:content>VGhp'), code: 'TOO_LONG', path: `${FILE_PATH}/language`, xsd: 'schema' },
  { name: 'language with a digit', xml: edit('<memo:language>da</memo:language>\n        <memo:content>VGhp', '<memo:language>d1</memo:language>\n        <memo:content>VGhp'), code: 'PATTERN', path: `${FILE_PATH}/language`, xsd: 'schema' },
  { name: 'filename with a slash', xml: edit('Afgørelse.pdf', '../../etc/Afgørelse.pdf'), code: 'FORBIDDEN_FILENAME_CHARACTER', path: `${FILE_PATH}/filename`, xsd: 'policy' },
  { name: 'filename with a colon', xml: edit('Afgørelse.pdf', 'C:Afgørelse.pdf'), code: 'FORBIDDEN_FILENAME_CHARACTER', path: `${FILE_PATH}/filename`, xsd: 'policy' },
  { name: 'http:// action URL', xml: edit(URL_ELEMENT, '<memo:url>http://example.dk/sag</memo:url>'), code: 'NOT_HTTPS_URL', path: 'MessageBody/MainDocument/Action[0]/EntryPoint/url', xsd: 'policy' },
  { name: 'javascript: action URL', xml: edit(URL_ELEMENT, '<memo:url>javascript:alert(1)</memo:url>'), code: 'NOT_HTTPS_URL', path: 'MessageBody/MainDocument/Action[0]/EntryPoint/url', xsd: 'policy' },
  { name: 'relative action URL', xml: edit(URL_ELEMENT, '<memo:url>/sag</memo:url>'), code: 'NOT_HTTPS_URL', path: 'MessageBody/MainDocument/Action[0]/EntryPoint/url', xsd: 'policy' },
  { name: 'action URL that is no URI', xml: edit(URL_ELEMENT, '<memo:url>https://example.dk/%zz</memo:url>'), code: 'NOT_URI', path: 'MessageBody/MainDocument/Action[0]/EntryPoint/url', xsd: 'schema' },
  { name: 'action URL of 257 characters', xml: edit(URL_ELEMENT, `<memo:url>https://example.dk/${'a'.repeat(238)}</memo:url>`), code: 'TOO_LONG', path: 'MessageBody/MainDocument/Action[0]/EntryPoint/url', xsd: 'schema' },
  {
    name: 'Reservation and EntryPoint in one Action',
    xml: edit('</memo:Reservation>', `</memo:Reservation>\n        <memo:EntryPoint>${URL_ELEMENT}</memo:EntryPoint>`),
    code: 'CHOICE_CONFLICT', path: 'MessageBody/MainDocument/Action[1]/EntryPoint', xsd: 'schema',
  },
  {
    name: 'EntryPoint and Reservation in one Action',
    xml: edit(`<memo:EntryPoint>${URL_ELEMENT}</memo:EntryPoint>`, `<memo:EntryPoint>${URL_ELEMENT}</memo:EntryPoint><memo:Reservation><memo:description>x</memo:description></memo:Reservation>`),
    code: 'CHOICE_CONFLICT', path: 'MessageBody/MainDocument/Action[0]/Reservation', xsd: 'schema',
  },
  { name: 'Reservation without reservationUUID', xml: edit('<memo:reservationUUID>5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9</memo:reservationUUID>', ''), code: 'MISSING_ELEMENT', path: 'MessageBody/MainDocument/Action[1]/Reservation/reservationUUID', xsd: 'schema' },
  {
    name: 'label before messageUUID',
    xml: edit(`<memo:messageUUID>8c2ea15d-61fb-4ba9-9366-42f8b194c114</memo:messageUUID>\n    ${HEADER_LABEL}`, `${HEADER_LABEL}\n    <memo:messageUUID>8c2ea15d-61fb-4ba9-9366-42f8b194c114</memo:messageUUID>`),
    code: 'OUT_OF_ORDER', path: 'MessageHeader/messageUUID', xsd: 'schema',
  },
  { name: 'MessageBody before MessageHeader', xml: BASE.replace(/(<memo:MessageHeader>[\s\S]*<\/memo:MessageHeader>)\s*(<memo:MessageBody>[\s\S]*<\/memo:MessageBody>)/, '$2$1'), code: 'OUT_OF_ORDER', path: 'MessageHeader', xsd: 'schema' },
  { name: 'unknown element', xml: edit(HEADER_LABEL, `${HEADER_LABEL}<memo:colour>red</memo:colour>`), code: 'UNEXPECTED_ELEMENT', path: 'MessageHeader/colour', xsd: 'schema' },
  { name: 'element inside a simple value', xml: edit(HEADER_LABEL, '<memo:label>Afgørelse <memo:b>om</memo:b> boligstøtte</memo:label>'), code: 'UNEXPECTED_ELEMENT', path: 'MessageHeader/label/b', xsd: 'schema' },
  { name: 'text between elements', xml: edit('<memo:Sender>', '<memo:Sender>hello'), code: 'UNEXPECTED_TEXT', path: 'MessageHeader/Sender', xsd: 'schema' },
  { name: 'P-number too large', xml: edit(P_NUMBER, '<grd:productionUnitNumber>12345678901</grd:productionUnitNumber>'), code: 'OUT_OF_RANGE', path: 'MessageHeader/Recipient/AttentionData/ProductionUnit/productionUnitNumber', xsd: 'schema' },
  { name: 'P-number that is no number', xml: edit(P_NUMBER, '<grd:productionUnitNumber>12345678a</grd:productionUnitNumber>'), code: 'NOT_INTEGER', path: 'MessageHeader/Recipient/AttentionData/ProductionUnit/productionUnitNumber', xsd: 'schema' },
  { name: 'licence number of 8 characters', xml: edit('AB12345', 'AB123456'), code: 'TOO_LONG', path: 'MessageHeader/ContentData/MotorVehicle/licenseNumber', xsd: 'schema' },
  { name: 'notification of 161 characters', xml: edit('Du har fået post', 'x'.repeat(161)), code: 'TOO_LONG', path: 'MessageHeader/notification', xsd: 'schema' },
  { name: 'three ContactInfo', xml: edit('</memo:ContactInfo>', '</memo:ContactInfo><memo:ContactInfo><memo:label>a</memo:label><memo:value>1</memo:value></memo:ContactInfo><memo:ContactInfo><memo:label>b</memo:label><memo:value>2</memo:value></memo:ContactInfo>'), code: 'TOO_MANY_ELEMENTS', path: 'MessageHeader/Recipient/ContactPoint/ContactInfo[2]', xsd: 'schema' },
  { name: 'AdditionalDocument without File', xml: BASE.replace(/(<memo:AdditionalDocument>[\s\S]*?)<memo:File>[\s\S]*?<\/memo:File>/, '$1'), code: 'MISSING_ELEMENT', path: 'MessageBody/AdditionalDocument[0]/File', xsd: 'schema' },
  { name: 'MessageBody without MainDocument', xml: BASE.replace(/<memo:MainDocument>[\s\S]*<\/memo:MainDocument>/, ''), code: 'MISSING_ELEMENT', path: 'MessageBody/MainDocument', xsd: 'schema' },
  { name: 'label in a foreign namespace', xml: edit(HEADER_LABEL, '<x:label xmlns:x="urn:example:other">Afgørelse</x:label>'), code: 'WRONG_NAMESPACE', path: 'MessageHeader/label', xsd: 'schema' },
  { name: 'label in no namespace', xml: edit(HEADER_LABEL, '<label xmlns="">Afgørelse</label>'), code: 'WRONG_NAMESPACE', path: 'MessageHeader/label', xsd: 'schema' },
  { name: 'ProductionUnit in the MeMo namespace', xml: BASE.replace(/<grd:ProductionUnit>([\s\S]*?)<\/grd:ProductionUnit>/, '<memo:ProductionUnit>$1</memo:ProductionUnit>'), code: 'WRONG_NAMESPACE', path: 'MessageHeader/Recipient/AttentionData/ProductionUnit', xsd: 'schema' },
  { name: 'Message in a foreign namespace', xml: BASE.replace('xmlns:memo="https://DigitalPost.dk/MeMo-1"', 'xmlns:memo="https://DigitalPost.dk/MeMo-2"'), code: 'WRONG_NAMESPACE', path: '', xsd: 'schema' },
  { name: 'wrong root', xml: BASE.replace(/memo:Message\b/g, 'memo:Letter'), code: 'WRONG_ROOT', path: '', xsd: 'schema' },
  { name: 'missing memoVersion', xml: edit(' memoVersion="1.2"', ''), code: 'MISSING_ATTRIBUTE', path: '@memoVersion', xsd: 'schema' },
  { name: 'unsupported version 2.0', xml: edit('memoVersion="1.2"', 'memoVersion="2.0"'), code: 'UNSUPPORTED_VERSION', path: '@memoVersion', xsd: 'policy' },
  { name: 'memoVersion that is no number', xml: edit('memoVersion="1.2"', 'memoVersion="one"'), code: 'UNSUPPORTED_VERSION', path: '@memoVersion', xsd: 'schema' },
  { name: 'memoSchVersion in 1.2', xml: edit('memoVersion="1.2"', 'memoVersion="1.2" memoSchVersion="1.2.0"'), code: 'UNEXPECTED_ATTRIBUTE', path: '@memoSchVersion', xsd: 'schema' },
  { name: 'attribute on a value', xml: edit(HEADER_LABEL, '<memo:label lang="da">Afgørelse</memo:label>'), code: 'UNEXPECTED_ATTRIBUTE', path: 'MessageHeader/label/@lang', xsd: 'schema' },
  { name: 'malformed XML', xml: edit('</memo:Sender>', '</memo:Sendr>'), code: 'NOT_WELL_FORMED', path: '', xsd: 'schema' },
  { name: 'undeclared entity', xml: edit('Kommunen', 'Kommunen&nbsp;'), code: 'NOT_WELL_FORMED', path: '', xsd: 'schema' },
  { name: 'reference to character 0', xml: edit('Kommunen', 'Kommunen&#0;'), code: 'NOT_WELL_FORMED', path: '', xsd: 'schema' },
  { name: 'control character', xml: edit('Kommunen', 'Kommunen\u0001'), code: 'NOT_WELL_FORMED', path: '', xsd: 'schema' },
  { name: 'unbound prefix', xml: edit(HEADER_LABEL, '<x:label>Afgørelse</x:label>'), code: 'NOT_WELL_FORMED', path: '', xsd: 'schema' },
  { name: 'text after the root', xml: `${BASE}trailing`, code: 'NOT_WELL_FORMED', path: '', xsd: 'schema' },
  { name: 'processing instruction', xml: edit('<memo:Sender>', '<?php system("id"); ?><memo:Sender>'), code: 'PROCESSING_INSTRUCTION_FORBIDDEN', path: '', xsd: 'policy' },
  { name: 'declared encoding other than UTF-8', xml: BASE.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), code: 'UNSUPPORTED_ENCODING', path: '', xsd: 'policy' },
  { name: 'DOCTYPE with nested entities (billion laughs)', xml: BILLION_LAUGHS, code: 'DOCTYPE_FORBIDDEN', path: '', xsd: 'unsafe' },
  { name: 'external entity (XXE)', xml: XXE, code: 'DOCTYPE_FORBIDDEN', path: '', xsd: 'unsafe' },
];

describe('the base document of the broken corpus', () => {
  it('is valid for us and for the XSD', async () => {
    const parsed = parseMemo(BASE);
    assert.deepEqual(parsed.ok ? [] : parsed.issues, []);
    const [verdict] = await xsdValidate('1.2', [BASE]);
    assert.equal(verdict?.valid, true, verdict?.output);
  });
});

describe('broken messages: one problem, one issue with the expected code and path', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const result = parseMemo(c.xml);
      assert.equal(result.ok, false, 'accepted');
      if (result.ok) return;
      assert.deepEqual(result.issues.map(({ code, path }) => ({ code, path })), [{ code: c.code, path: c.path }], JSON.stringify(result.issues));
    });
  }

  it(`has at least 30 cases (${CASES.length})`, () => {
    assert.ok(CASES.length >= 30);
  });

  it('refuses entity bombs without expanding them', () => {
    const started = performance.now();
    const result = parseMemo(BILLION_LAUGHS);
    assert.ok(performance.now() - started < 50);
    assert.equal(result.ok, false);
  });
});

describe('xmllint (the official XSD) agrees', () => {
  it('rejects every case that breaks a facet of the schema', async () => {
    const schemaCases = CASES.filter((c) => c.xsd === 'schema');
    const verdicts = await xsdValidate('1.2', schemaCases.map((c) => c.xml));
    const acceptedByXsd = schemaCases.filter((_, i) => verdicts[i]!.valid).map((c) => c.name);
    assert.deepEqual(acceptedByXsd, []);
  });

  it('accepts the cases that only Kuvert refuses (rules beyond the XSD)', async () => {
    const policyCases = CASES.filter((c) => c.xsd === 'policy');
    const verdicts = await xsdValidate('1.2', policyCases.map((c) => c.xml));
    const rejectedByXsd = policyCases.filter((_, i) => !verdicts[i]!.valid).map((c) => `${c.name}: ${verdicts[policyCases.indexOf(c)]!.output}`);
    assert.deepEqual(rejectedByXsd, []);
  });

  it('policy cases pass with { policy: false } when the rule is a Kuvert policy', () => {
    for (const c of CASES.filter((x) => x.code === 'NOT_HTTPS_URL' || x.code === 'FORBIDDEN_FILENAME_CHARACTER')) {
      const result = parseMemo(c.xml, { policy: false });
      assert.equal(result.ok, true, `${c.name}: ${JSON.stringify(result.ok ? [] : result.issues)}`);
    }
  });
});
