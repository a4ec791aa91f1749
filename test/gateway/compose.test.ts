import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { validateXML } from 'xmllint-wasm';
import {
  attentionXml, deliveryStatusNotification, forwardEntity, letterXml, memoHeaderXml, noticeEntity, outerMessage, parseThreadXml, splitHeaderBlock, threadXml,
  type DsnInput, type ForwardInput, type ThreadFields,
} from '../../src/gateway/compose/index.ts';
import { usedFallback, which } from '../helpers/tools.ts';

const SHARED = process.env.KUVERT_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));
const EXAMPLES_DIR = join(SHARED, 'memo', 'examples');
const EXAMPLES = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.xml')).sort()
  .map((name) => ({ name, xml: readFileSync(join(EXAMPLES_DIR, name), 'utf8') }));
const scratch = mkdtempSync(join(tmpdir(), 'kuvert-compose-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** libxml2 parses the file (with namespaces): the xmllint program, or xmllint-wasm (the same libxml2) without it. */
async function xmllintAccepts(xml: string, name: string): Promise<void> {
  const xmllint = which('xmllint');
  if (!xmllint) {
    usedFallback('xmllint', 'xmllint-wasm');
    const result = await validateXML({ xml: [{ fileName: name, contents: xml }], normalization: 'format' });
    // a namespace error leaves `valid` true in xmllint-wasm, while the xmllint program fails on it
    assert.ok(result.valid && !/ error : /.test(result.rawOutput), `libxml2 refused ${name}: ${result.rawOutput}`);
    return;
  }
  const file = join(scratch, name);
  writeFileSync(file, xml);
  const run = spawnSync(xmllint, ['--noout', '--nonet', file], { encoding: 'utf8' });
  assert.equal(run.status, 0, `xmllint refused ${name}: ${run.stderr}`);
}

/** Every line ends in CRLF and holds at most 998 octets. */
function assertWireSafe(raw: Buffer): void {
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x0d) assert.equal(raw[i + 1], 0x0a, `bare CR at ${i}`);
    if (raw[i] !== 0x0a) continue;
    assert.equal(raw[i - 1], 0x0d, `bare LF at ${i}`);
    assert.ok(i - 1 - start <= 998, `line of ${i - 1 - start} octets at ${start}`);
    start = i + 1;
  }
  assert.ok(raw.length - start <= 998);
}

function addresses(value: AddressObject | AddressObject[] | undefined): Array<{ name: string; address: string | undefined }> {
  return (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map(({ name, address }) => ({ name, address })));
}

/** Bytes 0..255 and then a deterministic pseudo-random tail. */
function binary(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = i < 256 ? i : x >>> 24;
  }
  return bytes;
}

const TOKEN = 'k7p2x9q4m1n8b3v6c5z0w2e7r4';
const THREAD: ThreadFields = {
  token: TOKEN, replyAddress: `svar+${TOKEN}@kuvert.example`, threadId: '5b0d6a9e-1f3c-4a8e-9d2b-7c6e5f4a3b21',
  messageUUID: '8C2EA15D-61FB-4BA9-9366-42F8B194C114', messageId: 'letter-1@kuvert.example',
};
const MINIMUM = EXAMPLES.find((e) => e.name === 'MeMo_Minimum_Example.xml')!.xml;
const MAIN_PDF = binary(40_000, 7);
const ADDITIONAL = Uint8Array.from([0x00, 0xff, 0x0d, 0x0a, 0x0a, 0x0d, 0x2e, 0x00, 0xff]);
const LONG_NAME = 'Afgørelse om særlig støtte til børn og unge med nedsat funktionsevne på Ærø — bilag 1.pdf';

function forwardInput(overrides: Partial<ForwardInput> = {}): ForwardInput {
  return {
    from: { name: 'Ærø Kommune, Børn & Unge', address: 'digitalpost@kuvert.example' },
    to: 'sikkerpost@modtager.dk',
    replyTo: `svar+${TOKEN}@kuvert.example`,
    messageId: 'letter-1@kuvert.example',
    inReplyTo: 'earlier-2@modtager.dk',
    references: ['first-1@modtager.dk', 'earlier-2@modtager.dk'],
    date: new Date('2024-05-03T12:00:05Z'),
    subject: 'Pladsanvisning til børnehaven på Ærø',
    senderName: 'Ærø Kommune',
    receivedAt: new Date('2024-05-03T12:00:00Z'),
    documents: [
      { filename: LONG_NAME, contentType: 'application/pdf', content: ADDITIONAL, role: 'additional' },
      { filename: 'Pladsanvisning æøå.pdf', contentType: 'application/pdf', content: MAIN_PDF, role: 'main' },
      { filename: 'thread.xml', contentType: 'application/xml', content: Buffer.from('<spoof/>'), role: 'additional' },
    ],
    memoHeaderXml: memoHeaderXml(MINIMUM),
    attentionXml: attentionXml({ personName: 'Søren Ærbødig', unitName: 'Pladsanvisningen' }),
    letterXml: letterXml({ material: { code: 'PLADS', name: 'Pladsanvisning & <dagtilbud>' }, subscriptionGroup: 'Børn og unge', folder: 'Indbakke' }),
    threadXml: threadXml(THREAD),
    boundarySeed: 'letter-1',
    ...overrides,
  };
}

describe('forwardEntity', () => {
  const raw = forwardEntity(forwardInput());
  let mail: ParsedMail;

  it('parses with the protected header fields inside', async () => {
    mail = await simpleParser(raw);
    assert.equal(mail.subject, 'Pladsanvisning til børnehaven på Ærø');
    assert.deepEqual(addresses(mail.from), [{ name: 'Ærø Kommune, Børn & Unge', address: 'digitalpost@kuvert.example' }]);
    assert.deepEqual(addresses(mail.to).map((a) => a.address), ['sikkerpost@modtager.dk']);
    assert.deepEqual(addresses(mail.replyTo).map((a) => a.address), [`svar+${TOKEN}@kuvert.example`]);
    assert.equal(mail.messageId, '<letter-1@kuvert.example>');
    assert.equal(mail.inReplyTo, '<earlier-2@modtager.dk>');
    assert.deepEqual(mail.references, ['<first-1@modtager.dk>', '<earlier-2@modtager.dk>']);
    assert.equal(mail.date?.toISOString(), '2024-05-03T12:00:05.000Z');
    const contentType = mail.headers.get('content-type') as { value: string; params: Record<string, string> };
    assert.equal(contentType.value, 'multipart/mixed');
    assert.equal(contentType.params['protected-headers'], 'v1');
  });

  it('explains the letter in Danish, then English', async () => {
    mail ??= await simpleParser(raw);
    const text = mail.text ?? '';
    const da = text.indexOf('Digital Post fra Ærø Kommune');
    const en = text.indexOf('Digital Post from Ærø Kommune');
    assert.ok(da >= 0 && en > da, text);
    assert.match(text, /Svar ved at besvare denne e-mail; svaret kommer i samme sag/);
    assert.match(text, /Reply by answering this e-mail/);
    assert.match(text, /Titel: Pladsanvisning til børnehaven på Ærø/);
    assert.match(text, /Modtaget: 3\. maj 2024 kl\. 14\.00 \(dansk tid\)/);
    assert.match(text, /Hoveddokument: Pladsanvisning æøå\.pdf/);
  });

  it('carries the documents, main first, then the metadata files, byte for byte', async () => {
    mail ??= await simpleParser(raw);
    assert.deepEqual(mail.attachments.map((a) => [a.filename, a.contentType]), [
      ['Pladsanvisning æøå.pdf', 'application/pdf'],
      [LONG_NAME, 'application/pdf'],
      ['thread (2).xml', 'application/xml'],
      ['memo-header.xml', 'application/xml'],
      ['attention.xml', 'application/xml'],
      ['thread.xml', 'application/xml'],
      ['letter.xml', 'application/xml'],
    ]);
    const [main, additional, , memoHeader, attention, thread, letterFile] = mail.attachments;
    assert.ok(Buffer.from(MAIN_PDF).equals(main!.content));
    assert.ok(Buffer.from(ADDITIONAL).equals(additional!.content));
    assert.equal(memoHeader!.content.toString('utf8'), memoHeaderXml(MINIMUM));
    assert.match(attention!.content.toString('utf8'), /<kuvert:name>Søren Ærbødig<\/kuvert:name>/);
    assert.deepEqual(parseThreadXml(thread!.content.toString('utf8')), { token: TOKEN });
    const letterText = letterFile!.content.toString('utf8');
    assert.match(letterText, /<kuvert:code>PLADS<\/kuvert:code>/);
    assert.match(letterText, /<kuvert:name>Pladsanvisning &amp; &lt;dagtilbud&gt;<\/kuvert:name>/);
    assert.match(letterText, /<kuvert:subscriptionGroup>Børn og unge<\/kuvert:subscriptionGroup>/);
    await xmllintAccepts(letterText, 'letter.xml');
  });

  it('encodes non-ASCII header text (RFC 2047) and file names (RFC 2231)', () => {
    const head = splitHeaderBlock(raw).headers;
    assert.match(head, /^Subject: [^\n]*\r\n =\?UTF-8\?Q\?b=C3=B8rnehaven/m);
    assert.match(raw.toString('latin1'), /filename\*0\*=utf-8''Pladsanvisning%20%C3%A6%C3%B8%C3%A5\.pdf/);
    assert.match(raw.toString('latin1'), /filename\*1\*=/, 'a long file name is continued');
  });

  it('is 7-bit, CRLF, with no line over 998 octets, even for long subjects and names', () => {
    assertWireSafe(raw);
    assert.ok(raw.every((b) => b < 0x80));
    const long = forwardEntity(forwardInput({
      subject: `${'Meget lang overskrift med æøå '.repeat(60)}${'x'.repeat(1500)}`,
      senderName: 'y'.repeat(3000),
      from: { name: 'z'.repeat(1200), address: 'digitalpost@kuvert.example' },
      documents: [{ filename: `${'ø'.repeat(400)}.pdf`, contentType: 'application/pdf', content: binary(300_000, 3), role: 'main' }],
    }));
    assertWireSafe(long);
  });

  it('long subjects and names still decode exactly', async () => {
    const subject = `${'Meget lang overskrift med æøå '.repeat(20)}${'x'.repeat(500)}`;
    const parsed = await simpleParser(forwardEntity(forwardInput({ subject })));
    assert.equal(parsed.subject, subject.trim());
  });

  it('is the same bytes for the same input, and the boundary follows the seed', () => {
    assert.ok(forwardEntity(forwardInput()).equals(raw));
    const other = forwardEntity(forwardInput({ boundarySeed: 'letter-2' }));
    assert.ok(!other.equals(raw));
    assert.equal(other.length, raw.length);
  });

  it('keeps line breaks and control characters out of header fields', async () => {
    const parsed = await simpleParser(forwardEntity(forwardInput({ subject: 'Hej\r\nBcc: evil@example.com\r\n\r\nbody' })));
    assert.equal(parsed.headers.has('bcc'), false);
    assert.equal(parsed.subject, 'Hej Bcc: evil@example.com body');
  });

  it('refuses what is not an address or a message id', () => {
    assert.throws(() => forwardEntity(forwardInput({ to: 'a@b.dk\r\nBcc: x@y.dk' })), RangeError);
    assert.throws(() => forwardEntity(forwardInput({ replyTo: 'no-at-sign' })), RangeError);
    assert.throws(() => forwardEntity(forwardInput({ messageId: 'two words@x' })), RangeError);
  });

  it('writes an internationalised domain as A-labels', async () => {
    const raw = forwardEntity(forwardInput({ to: 'post@ÆRØ.dk' }));
    assert.match(splitHeaderBlock(raw).headers, /^To: post@xn--r-3fa9c\.dk\r$/m);
    assert.deepEqual(addresses((await simpleParser(raw)).to).map((a) => a.address), ['post@ærø.dk']);
  });
});

describe('outerMessage', () => {
  const smimeBody = Buffer.from(`${Buffer.from(binary(5000, 11)).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`, 'latin1');
  const smime = Buffer.concat([Buffer.from([
    'MIME-Version: 1.0',
    'Content-Type: application/pkcs7-mime; smime-type=enveloped-data;',
    ' name=smime.p7m',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename=smime.p7m',
    '', '',
  ].join('\r\n')), smimeBody]);
  const headers = {
    from: { name: 'Kuvert Digital Post', address: 'digitalpost@kuvert.example' }, to: 'sikkerpost@modtager.dk', subject: 'Digital Post: Pladsanvisning på Ærø',
    date: new Date('2024-05-03T12:00:06Z'), messageId: 'letter-1@kuvert.example', replyTo: `svar+${TOKEN}@kuvert.example`, inReplyTo: 'earlier-2@modtager.dk',
  };

  it('puts the outer header fields on the S/MIME entity, whose body is unchanged', async () => {
    const wire = outerMessage(headers, smime);
    assertWireSafe(wire);
    const parsed = await simpleParser(wire);
    assert.equal(parsed.subject, 'Digital Post: Pladsanvisning på Ærø');
    assert.deepEqual(addresses(parsed.from), [{ name: 'Kuvert Digital Post', address: 'digitalpost@kuvert.example' }]);
    assert.equal(parsed.messageId, '<letter-1@kuvert.example>');
    assert.equal(parsed.inReplyTo, '<earlier-2@modtager.dk>');
    assert.deepEqual(addresses(parsed.replyTo).map((a) => a.address), [`svar+${TOKEN}@kuvert.example`]);
    assert.equal((parsed.headers.get('content-type') as { value: string }).value, 'application/pkcs7-mime');
    assert.equal(parsed.attachments[0]?.filename, 'smime.p7m');
    assert.ok(Buffer.from(binary(5000, 11)).equals(parsed.attachments[0]!.content));
    const { headers: head, body } = splitHeaderBlock(wire);
    assert.equal(head.match(/^MIME-Version:/gim)?.length, 1);
    assert.ok(body.equals(smimeBody));
    assert.ok(outerMessage(headers, smime).equals(wire));
  });

  it('merges with a multipart entity into one message', async () => {
    const entity = forwardEntity(forwardInput());
    const parsed = await simpleParser(outerMessage({ ...headers, subject: 'Ydre emne' }, entity));
    assert.equal(parsed.subject, 'Ydre emne');
    assert.equal((parsed.headers.get('content-type') as { value: string }).value, 'multipart/mixed');
    assert.equal(parsed.attachments.length, 7);
  });

  it('takes an entity whose header block ends in LF LF, and needs a Content-Type', async () => {
    const lf = Buffer.from('Subject: dropped\nContent-Type: application/pkcs7-mime; smime-type=signed-data\nContent-Transfer-Encoding: base64\n\nAAEC\r\n');
    const wire = outerMessage(headers, lf);
    assert.match(wire.toString('latin1'), /\r\nMIME-Version: 1\.0\r\nContent-Type: application\/pkcs7-mime; smime-type=signed-data\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC\r\n$/);
    assert.doesNotMatch(wire.toString('latin1'), /dropped/);
    assert.throws(() => outerMessage(headers, Buffer.from('Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n')));
  });
});

describe('splitHeaderBlock', () => {
  it('splits at the first empty line, CRLF or LF', () => {
    const crlf = splitHeaderBlock(Buffer.from('A: 1\r\nB: 2\r\n\r\nbody\r\n\r\nmore'));
    assert.equal(crlf.headers, 'A: 1\r\nB: 2');
    assert.equal(crlf.body.toString(), 'body\r\n\r\nmore');
    const lf = splitHeaderBlock(Buffer.from('A: 1\nB: 2\n\nbody'));
    assert.equal(lf.headers, 'A: 1\nB: 2');
    assert.equal(lf.body.toString(), 'body');
    assert.deepEqual(splitHeaderBlock(Buffer.from('A: 1\r\n')), { headers: 'A: 1', body: Buffer.alloc(0) });
  });
});

describe('memoHeaderXml', () => {
  for (const { name, xml } of EXAMPLES) {
    it(`${name}: the MessageHeader as it is, with the root's namespaces, accepted by xmllint`, async () => {
      const header = memoHeaderXml(xml);
      assert.ok(header.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<memo:MessageHeader xmlns:'));
      const inner = /<memo:MessageHeader>([\s\S]*?)<\/memo:MessageHeader>/.exec(xml)![1]!;
      assert.ok(header.includes(`${inner}</memo:MessageHeader>`));
      for (const declaration of xml.match(/xmlns(?::\w+)?="[^"]*"/g) ?? []) assert.ok(header.includes(declaration), declaration);
      assert.doesNotMatch(header, /MessageBody|memoVersion/);
      await xmllintAccepts(header, `header-${name}`);
    });
  }

  const minimumHeader = /<memo:MessageHeader>[\s\S]*<\/memo:MessageHeader>/.exec(MINIMUM)![0];

  it('uses the prefix the document uses', async () => {
    const mm = MINIMUM.replace(/(<\/?)memo:/g, '$1mm:').replace('xmlns:memo=', 'xmlns:mm=');
    const header = memoHeaderXml(mm);
    assert.match(header, /^<\?xml[^>]*>\n<mm:MessageHeader xmlns:xsi="[^"]+" xmlns:mm="https:\/\/DigitalPost\.dk\/MeMo-1"/);
    await xmllintAccepts(header, 'prefix-mm.xml');
  });

  it('copies a default namespace', async () => {
    const plain = MINIMUM.replace(/(<\/?)memo:/g, '$1').replace('xmlns:memo=', 'xmlns=');
    const header = memoHeaderXml(plain);
    assert.match(header, /\n<MessageHeader xmlns:xsi="[^"]+" xmlns="https:\/\/DigitalPost\.dk\/MeMo-1" xmlns:xsd="[^"]+">/);
    await xmllintAccepts(header, 'default-namespace.xml');
  });

  it('finds the header among other elements, and copies declarations of other prefixes used inside it', async () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<!-- stored by Kuvert -->',
      '<m:Message xmlns:m="urn:dk:digst:digitalpost:memo:schema:v2" xmlns:gln=\'urn:oio:ebxml:gln\' memoVersion="1.2">',
      '<!-- <m:MessageHeader> in a comment --><m:Other a=">"><m:MessageHeader/></m:Other>',
      '<m:MessageHeader><m:label>R&amp;D &lt;3</m:label><gln:globalLocationNumber>5798000012345</gln:globalLocationNumber><![CDATA[</m:MessageHeader>]]></m:MessageHeader>',
      '<m:MessageBody/></m:Message>',
    ].join('\n');
    const header = memoHeaderXml(xml);
    assert.equal(header, '<?xml version="1.0" encoding="UTF-8"?>\n<m:MessageHeader xmlns:m="urn:dk:digst:digitalpost:memo:schema:v2" xmlns:gln=\'urn:oio:ebxml:gln\'><m:label>R&amp;D &lt;3</m:label><gln:globalLocationNumber>5798000012345</gln:globalLocationNumber><![CDATA[</m:MessageHeader>]]></m:MessageHeader>\n');
    await xmllintAccepts(header, 'mixed.xml');
  });

  it('refuses a DOCTYPE, a document that is not well-formed, and one without a header', () => {
    assert.throws(() => memoHeaderXml(`<!DOCTYPE x [<!ENTITY e "e">]>\n${minimumHeader}`), /DOCTYPE/);
    assert.throws(() => memoHeaderXml(MINIMUM.replace('</memo:MessageHeader>', '')), /well-formed/);
    assert.throws(() => memoHeaderXml('<memo:Message xmlns:memo="urn:x"><memo:MessageBody/></memo:Message>'), /no MessageHeader/);
    assert.throws(() => memoHeaderXml('<memo:Message xmlns:memo="urn:x"><other:MessageHeader xmlns:other="urn:y"/></memo:Message>'), /no MessageHeader/);
  });
});

describe('attentionXml', () => {
  it('has an element for each present field, escaped, and xmllint accepts it', async () => {
    const xml = attentionXml({
      pNumber: '1003388211', personName: 'Søren <"Ærbødig"> & Co', personId: '0101701234', email: 'soren@example.dk',
      unitName: 'Børn & Unge', unitId: 'BU-7', contentResponsible: 'Sagsbehandler\u0001 Jensen',
    });
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<kuvert:Attention xmlns:kuvert="urn:kuvert:attention:1">/);
    assert.match(xml, /<kuvert:pNumber>1003388211<\/kuvert:pNumber>/);
    assert.match(xml, /<kuvert:Person>\s*<kuvert:name>Søren &lt;&quot;Ærbødig&quot;&gt; &amp; Co<\/kuvert:name>\s*<kuvert:id>0101701234<\/kuvert:id>\s*<\/kuvert:Person>/);
    assert.match(xml, /<kuvert:email>soren@example\.dk<\/kuvert:email>/);
    assert.match(xml, /<kuvert:Unit>\s*<kuvert:name>Børn &amp; Unge<\/kuvert:name>\s*<kuvert:id>BU-7<\/kuvert:id>\s*<\/kuvert:Unit>/);
    assert.match(xml, /<kuvert:contentResponsible>Sagsbehandler Jensen<\/kuvert:contentResponsible>/);
    await xmllintAccepts(xml, 'attention.xml');
  });

  it('leaves out absent fields', () => {
    assert.equal(attentionXml({}), '<?xml version="1.0" encoding="UTF-8"?>\n<kuvert:Attention xmlns:kuvert="urn:kuvert:attention:1"/>\n');
    assert.doesNotMatch(attentionXml({ unitId: 'U1' }), /Person|pNumber|email/);
  });
});

describe('threadXml and parseThreadXml', () => {
  it('round-trips the token, and xmllint accepts the file', async () => {
    const xml = threadXml({ ...THREAD, replyAddress: 'svar+<&>@kuvert.example' });
    assert.match(xml, /<kuvert:Thread xmlns:kuvert="urn:kuvert:thread:1">/);
    assert.match(xml, /<kuvert:replyAddress>svar\+&lt;&amp;&gt;@kuvert\.example<\/kuvert:replyAddress>/);
    assert.deepEqual(parseThreadXml(xml), { token: TOKEN });
    await xmllintAccepts(xml, 'thread.xml');
  });

  it('reads another prefix or a default namespace', () => {
    assert.deepEqual(parseThreadXml(`<t:Thread xmlns:t="urn:kuvert:thread:1"><t:token>${TOKEN}</t:token></t:Thread>`), { token: TOKEN });
    assert.deepEqual(parseThreadXml(`<Thread xmlns="urn:kuvert:thread:1">\n  <token> ${TOKEN} </token>\n</Thread>`), { token: TOKEN });
  });

  it('refuses a DOCTYPE or entity payload without expanding it', () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE k [<!ENTITY a "${TOKEN}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n` +
      `<kuvert:Thread xmlns:kuvert="urn:kuvert:thread:1"><kuvert:token>&a;</kuvert:token></kuvert:Thread>`;
    assert.equal(parseThreadXml(laughs), undefined);
    assert.equal(parseThreadXml(`<!doctype x SYSTEM "file:///etc/passwd"><kuvert:Thread xmlns:kuvert="urn:kuvert:thread:1"><kuvert:token>${TOKEN}</kuvert:token></kuvert:Thread>`), undefined);
    assert.equal(parseThreadXml(`<kuvert:Thread xmlns:kuvert="urn:kuvert:thread:1"><kuvert:token>&amp;${TOKEN}</kuvert:token></kuvert:Thread>`), undefined);
  });

  it('refuses a wrong namespace, root, token or size', () => {
    const good = threadXml(THREAD);
    assert.equal(parseThreadXml(good.replace('urn:kuvert:thread:1', 'urn:kuvert:thread:2')), undefined);
    assert.equal(parseThreadXml(`<kuvert:Thread xmlns:kuvert="urn:kuvert:thread:1"><other:token xmlns:other="urn:x">${TOKEN}</other:token></kuvert:Thread>`), undefined);
    assert.equal(parseThreadXml(good.replace(/kuvert:Thread/g, 'kuvert:Attention')), undefined);
    assert.equal(parseThreadXml(good.replace(TOKEN, TOKEN.toUpperCase())), undefined);
    assert.equal(parseThreadXml(good.replace(TOKEN, 'short')), undefined);
    assert.equal(parseThreadXml(good.replace(TOKEN, `${TOKEN}-x`)), undefined);
    assert.equal(parseThreadXml(good.replace(`<kuvert:token>${TOKEN}</kuvert:token>`, `<kuvert:token>${TOKEN}</kuvert:token><kuvert:token>${TOKEN}x</kuvert:token>`)), undefined);
    assert.equal(parseThreadXml(good.replace(`<kuvert:token>${TOKEN}</kuvert:token>`, `<kuvert:token><b>${TOKEN}</b></kuvert:token>`)), undefined);
    assert.equal(parseThreadXml(good.replace('</kuvert:Thread>', `<!--${'x'.repeat(64 * 1024)}--></kuvert:Thread>`)), undefined);
    assert.equal(parseThreadXml(good.replace('</kuvert:Thread>', '')), undefined);
    assert.equal(parseThreadXml(''), undefined);
    assert.throws(() => threadXml({ ...THREAD, token: 'NOT-A-TOKEN' }), RangeError);
  });
});

describe('deliveryStatusNotification', () => {
  const input: DsnInput = {
    domain: 'kuvert.example',
    reportingMta: 'mx1.kuvert.example',
    to: 'afsender@firma.dk',
    date: new Date('2024-05-03T12:01:00Z'),
    messageId: 'dsn-1@kuvert.example',
    arrivalDate: new Date('2024-05-03T12:00:00Z'),
    recipients: [
      { address: 'cpr-0101701234@kuvert.example', status: '5.1.1', diagnostic: 'Modtageren har ingen Digital Post-postkasse (fritaget)' },
      { address: 'cvr-12345678@kuvert.example', status: '5.7.1', diagnostic: 'The message is not signed with S/MIME' },
    ],
    reason: 'recipient 010170-1234 has no mailbox',
    humanText: 'The recipient is exempt from Digital Post. Send the letter by physical mail instead.',
    humanTextDa: 'Modtageren er fritaget for Digital Post. Send brevet med fysisk post i stedet.',
    originalHeaders: 'From: afsender@firma.dk\r\nTo: cpr-0101701234@kuvert.example\r\nSubject: Fortroligt\r\nMessage-ID: <orig-1@firma.dk>\r\n\r\nThe secret letter body',
    boundarySeed: 'dsn-1',
  };
  const raw = deliveryStatusNotification(input);

  function rawPart(message: Buffer, contentType: string): string {
    const boundary = /boundary="([^"]+)"/.exec(message.toString('latin1'))![1]!;
    const part = message.toString('latin1').split(`--${boundary}`).find((p) => p.startsWith(`\r\nContent-Type: ${contentType}`));
    assert.ok(part, `no ${contentType} part`);
    return part;
  }

  it('is a multipart/report of delivery-status with the required header fields', async () => {
    assertWireSafe(raw);
    const parsed = await simpleParser(raw);
    const contentType = parsed.headers.get('content-type') as { value: string; params: Record<string, string> };
    assert.equal(contentType.value, 'multipart/report');
    assert.equal(contentType.params['report-type'], 'delivery-status');
    assert.equal(parsed.headers.get('auto-submitted'), 'auto-replied');
    assert.equal(parsed.headers.get('mime-version'), '1.0');
    assert.deepEqual(addresses(parsed.from), [{ name: 'Kuvert Mail Delivery System', address: 'MAILER-DAEMON@kuvert.example' }]);
    assert.deepEqual(addresses(parsed.to).map((a) => a.address), ['afsender@firma.dk']);
    assert.equal(parsed.messageId, '<dsn-1@kuvert.example>');
    assert.equal(parsed.date?.toISOString(), '2024-05-03T12:01:00.000Z');
  });

  it('names the reason in the subject, without CPR numbers or letter content', async () => {
    const parsed = await simpleParser(raw);
    assert.equal(parsed.subject, 'Undelivered Digital Post: recipient xxxxxx-xxxx has no mailbox');
    assert.doesNotMatch(raw.toString('latin1'), /secret letter body/);
  });

  it('explains in English first, then Danish', async () => {
    const parsed = await simpleParser(raw);
    const text = parsed.text ?? '';
    const en = text.indexOf('The recipient is exempt from Digital Post');
    const da = text.indexOf('Modtageren er fritaget for Digital Post');
    assert.ok(en >= 0 && da > en, text);
  });

  it('reports each recipient in the delivery-status part', () => {
    const status = rawPart(raw, 'message/delivery-status');
    assert.match(status, /\r\nReporting-MTA: dns; mx1\.kuvert\.example\r\nArrival-Date: Fri, 03 May 2024 12:00:00 \+0000\r\n/);
    assert.match(status, /\r\n\r\nFinal-Recipient: rfc822; cpr-0101701234@kuvert\.example\r\nAction: failed\r\nStatus: 5\.1\.1\r\nDiagnostic-Code: smtp; Modtageren har ingen Digital Post-postkasse\r\n \(fritaget\)\r\n/);
    assert.match(status, /\r\n\r\nFinal-Recipient: rfc822; cvr-12345678@kuvert\.example\r\nAction: failed\r\nStatus: 5\.7\.1\r\nDiagnostic-Code: smtp; The message is not signed with S\/MIME/);
  });

  it('returns the original header block only', () => {
    const headers = rawPart(raw, 'text/rfc822-headers');
    assert.match(headers, /Subject: Fortroligt\r\nMessage-ID: <orig-1@firma\.dk>\r\n$/);
  });

  it('keeps the delivery-status part US-ASCII and the headers part safe when they are not', async () => {
    const danish = deliveryStatusNotification({
      ...input,
      recipients: [{ address: 'x@kuvert.example', status: '4.4.7', diagnostic: `Åbningstid udløbet på Ærø ${'ø'.repeat(2000)}` }],
      originalHeaders: `Subject: Spørgsmål om ${'æ'.repeat(1200)}\nX-Long: ${'a'.repeat(1200)}\n`,
    });
    assertWireSafe(danish);
    assert.ok(danish.every((b) => b < 0x80));
    assert.match(rawPart(danish, 'message/delivery-status'), /Diagnostic-Code: smtp; Aabningstid udloebet paa Aeroe/);
    const parsed = await simpleParser(danish);
    const headersPart = parsed.attachments.find((a) => a.contentType === 'text/rfc822-headers');
    assert.equal(headersPart?.content.toString('utf8'), `Subject: Spørgsmål om ${'æ'.repeat(1200)}\r\nX-Long: ${'a'.repeat(1200)}`);
  });

  it('is deterministic and refuses a malformed status or no recipients', () => {
    assert.ok(deliveryStatusNotification(input).equals(raw));
    assert.throws(() => deliveryStatusNotification({ ...input, recipients: [] }), RangeError);
    assert.throws(() => deliveryStatusNotification({ ...input, recipients: [{ address: 'x@kuvert.example', status: '2.0.0' as '5.0.0', diagnostic: 'ok' }] }), RangeError);
  });
});

describe('noticeEntity', () => {
  const input = {
    from: { name: 'Kuvert', address: 'noreply@kuvert.example' }, to: 'it@modtager.dk', subject: 'Jeres certifikat udløber om 14 dage',
    date: new Date('2024-05-03T08:00:00Z'), messageId: 'notice-1@kuvert.example',
    text: `Hej\n\nJeres certifikat til sikker e-mail udløber 17. maj 2024. Forny det her:\nhttps://kuvert.example/bekraeft/${'a'.repeat(300)}\n`,
  };

  it('is a UTF-8 text/plain entity that parses back to the same text', async () => {
    const raw = noticeEntity(input);
    assertWireSafe(raw);
    assert.ok(noticeEntity(input).equals(raw));
    const parsed = await simpleParser(raw);
    assert.equal(parsed.subject, 'Jeres certifikat udløber om 14 dage');
    assert.equal(parsed.messageId, '<notice-1@kuvert.example>');
    assert.deepEqual(addresses(parsed.to).map((a) => a.address), ['it@modtager.dk']);
    assert.equal((parsed.headers.get('content-type') as { value: string; params: Record<string, string> }).params.charset, 'utf-8');
    assert.equal(parsed.text?.trimEnd(), input.text.trimEnd());
    assert.equal(parsed.attachments.length, 0);
  });
});
