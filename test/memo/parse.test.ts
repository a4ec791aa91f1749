import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ISSUES, parseMemo, type MemoMessage } from '../../src/memo/index.ts';
import { asVersion11, example, examples, replaceOnce, xsdValidate } from './helpers.ts';

function parsed(xml: string): MemoMessage {
  const result = parseMemo(xml);
  if (!result.ok) assert.fail(JSON.stringify(result.issues, null, 2));
  return result.message;
}

function issuesOf(xml: string): { code: string; path: string }[] {
  const result = parseMemo(xml);
  assert.equal(result.ok, false, 'accepted');
  return result.ok ? [] : result.issues.map(({ code, path }) => ({ code, path }));
}

const MINIMUM = example('MeMo_Minimum_Example.xml');

describe('the official examples', () => {
  for (const { name, xml } of examples()) {
    it(`${name} is valid MeMo 1.2`, () => {
      assert.equal(parsed(xml).version, '1.2');
    });

    it(`${name} as 1.1 misses mandatory, legalNotification and memoSchVersion`, () => {
      assert.deepEqual(issuesOf(xml.replace('memoVersion="1.2"', 'memoVersion="1.1"')), [
        { code: 'MISSING_ATTRIBUTE', path: '@memoSchVersion' },
        { code: 'MISSING_ELEMENT', path: 'MessageHeader/mandatory' },
        { code: 'MISSING_ELEMENT', path: 'MessageHeader/legalNotification' },
      ]);
    });

    it(`${name} with those added is valid MeMo 1.1`, () => {
      const message = parsed(asVersion11(xml));
      assert.equal(message.version, '1.1');
      assert.equal(message.memoSchVersion, '1.1.0');
      assert.equal(message.header.mandatory, false);
    });
  }

  it('the minimum example reads into the model', () => {
    assert.deepEqual(parsed(MINIMUM), {
      version: '1.2',
      header: {
        messageType: 'DIGITALPOST',
        messageUUID: '8C2EA15D-61FB-4BA9-9366-42F8B194C114',
        label: 'Pladsanvisning',
        sender: { senderID: '12345678', idType: 'CVR', label: 'Kommunen' },
        recipient: { recipientID: '2211771212', idType: 'CPR' },
      },
      body: {
        createdDateTime: '2024-05-03T12:00:00Z',
        mainDocument: {
          file: [{ encodingFormat: 'application/pdf', filename: 'Pladsanvisning.pdf', language: 'da', content: 'VGhpcyBpcyBhIHRlc3Q=' }],
        },
      },
    });
  });

  it('the NemSMS example has a notification and no body', () => {
    const message = parsed(example('MeMo_NemSMS.xml'));
    assert.equal(message.header.messageType, 'NEMSMS');
    assert.equal(message.header.notification, 'Message Text');
    assert.equal(message.body, undefined);
  });

  it('the attachment example has two files in order', () => {
    const files = parsed(example('MeMo_with_attachment.xml')).body?.mainDocument.file;
    assert.deepEqual(files?.map((f) => f.filename), ['File1.txt', 'File2.txt']);
  });
});

describe('text and namespaces', () => {
  it('decodes the predefined entities, character references and CDATA, and keeps whitespace of strings', () => {
    const xml = replaceOnce(MINIMUM, '<memo:label>Pladsanvisning</memo:label>',
      '<memo:label> Børn &amp; Unge &#229;&#xE5; &lt;3 &quot;q&quot; &apos;a&apos; <![CDATA[<b>&amp;</b>]]><!-- note --> </memo:label>');
    assert.equal(parsed(xml).header.label, " Børn & Unge åå <3 \"q\" 'a' <b>&amp;</b> ");
  });

  it('accepts any prefix, including the default namespace', () => {
    const unprefixed = MINIMUM.replace(/memo:/g, '').replace('xmlns:memo=', 'xmlns=');
    const otherPrefix = MINIMUM.replace(/memo:/g, 'm:').replace('xmlns:memo=', 'xmlns:m=');
    assert.deepEqual(parsed(unprefixed), parsed(MINIMUM));
    assert.deepEqual(parsed(otherPrefix), parsed(MINIMUM));
  });

  it('collapses whitespace where the type does and trims base64', () => {
    const xml = MINIMUM
      .replace('<memo:createdDateTime>2024-05-03T12:00:00Z', '<memo:createdDateTime>\n  2024-05-03T12:00:00Z  ')
      .replace('<memo:language>da', '<memo:language> da ')
      .replace('VGhpcyBpcyBhIHRlc3Q=', '\n  VGhpcyBp\n  cyBhIHRl\r\n  c3Q=\n');
    const message = parsed(xml);
    assert.equal(message.body?.createdDateTime, '2024-05-03T12:00:00Z');
    assert.equal(message.body?.mainDocument.file[0]?.language, 'da');
    assert.equal(message.body?.mainDocument.file[0]?.content, 'VGhpcyBp\n  cyBhIHRl\n  c3Q=');
  });

  it('counts characters, not UTF-16 units', () => {
    const xml = replaceOnce(MINIMUM, '<memo:label>Pladsanvisning</memo:label>', `<memo:label>${'😀'.repeat(256)}</memo:label>`);
    assert.equal([...parsed(xml).header.label].length, 256);
  });

  it('reads booleans, numbers and dates', () => {
    const xml = replaceOnce(MINIMUM, '<memo:label>Pladsanvisning</memo:label>', `<memo:label>x</memo:label>
      <memo:reply>1</memo:reply><memo:doNotDeliverUntilDate>2024-02-29</memo:doNotDeliverUntilDate>`)
      .replace('<memo:idType>CPR</memo:idType>', `<memo:idType>CPR</memo:idType>
      <memo:AttentionData><grd:ProductionUnit xmlns:grd="https://data.gov.dk/model/core/"><grd:productionUnitNumber> 0012345678 </grd:productionUnitNumber></grd:ProductionUnit></memo:AttentionData>`);
    const { header } = parsed(xml);
    assert.equal(header.reply, true);
    assert.equal(header.doNotDeliverUntilDate, '2024-02-29');
    assert.equal(header.recipient.attentionData?.productionUnit?.productionUnitNumber, 12345678);
  });

  it('accepts a leading byte order mark and a document without XML declaration', () => {
    assert.equal(parsed(`\ufeff${MINIMUM}`).version, '1.2');
    assert.equal(parsed(MINIMUM.replace(/^<\?xml[^>]*>\s*/, '')).version, '1.2');
  });

  it('gives an empty reply, mandatory or legalNotification the default false', () => {
    const xml = replaceOnce(MINIMUM, '<memo:label>Pladsanvisning</memo:label>', '<memo:label>x</memo:label><memo:reply/><memo:mandatory></memo:mandatory>');
    const { header } = parsed(xml);
    assert.equal(header.reply, false);
    assert.equal(header.mandatory, false);
    assert.equal(header.legalNotification, undefined);
  });

  it('accepts xsi:schemaLocation on the root', () => {
    const xml = MINIMUM.replace('memoVersion="1.2"', 'memoVersion="1.2" xsi:schemaLocation="https://DigitalPost.dk/MeMo-1 MeMo_core.xsd"');
    assert.equal(parsed(xml).version, '1.2');
  });

  it('reads comments, CDATA and references around large content the same as plain text', () => {
    const content = 'QUJD'.repeat(40000);
    const plain = replaceOnce(MINIMUM, 'VGhpcyBpcyBhIHRlc3Q=', content);
    const variants = [
      replaceOnce(plain, '<memo:label>Pladsanvisning', '<!-- a comment --><memo:label>Pladsanvisning'),
      replaceOnce(plain, content, `<![CDATA[${content.slice(0, 4000)}]]>${content.slice(4000)}`),
      replaceOnce(plain, content, `${content.slice(0, 4000)}&#81;${content.slice(4001)}`),
      replaceOnce(plain, `<memo:content>${content}`, `<memo:content >${content}`),
      replaceOnce(plain, content, `${content.slice(0, 4000)}<!-- inside -->${content.slice(4000)}`),
      replaceOnce(plain, '<memo:File>', '<!-- <memo:content>QUJD</memo:content> --><memo:File>'),
    ];
    for (const variant of variants) assert.deepEqual(parsed(variant), parsed(plain));
    const cdataLabel = parsed(replaceOnce(plain, '<memo:label>Pladsanvisning', '<memo:label><![CDATA[<memo:content>QUJD</memo:content>]]>'));
    assert.equal(cdataLabel.header.label, '<memo:content>QUJD</memo:content>');
    assert.deepEqual(cdataLabel.body, parsed(plain).body);
    assert.deepEqual(issuesOf(replaceOnce(plain, '<memo:label>Pladsanvisning', '<memo:label a="<memo:content>">Pladsanvisning')), [{ code: 'NOT_WELL_FORMED', path: '' }]);
  });

  it('reads memoVersion as a decimal', () => {
    assert.equal(parsed(MINIMUM.replace('memoVersion="1.2"', 'memoVersion=" 01.20 "')).version, '1.2');
  });
});

describe('versions', () => {
  const notification = (n: number) => replaceOnce(example('MeMo_NemSMS.xml'), 'Message Text', 'x'.repeat(n));

  it('allows 160 characters of notification in 1.2 and 150 in 1.1', () => {
    assert.equal(parsed(notification(160)).header.notification?.length, 160);
    assert.equal(parsed(asVersion11(notification(150))).header.notification?.length, 150);
    assert.deepEqual(issuesOf(asVersion11(notification(151))), [{ code: 'TOO_LONG', path: 'MessageHeader/notification' }]);
  });

  it('knows Representative only from 1.2', () => {
    const withRepresentative = replaceOnce(MINIMUM, '<memo:label>Kommunen</memo:label>',
      '<memo:label>Kommunen</memo:label><memo:Representative><memo:label>Advokat</memo:label></memo:Representative>');
    assert.equal(parsed(withRepresentative).header.sender.representative?.label, 'Advokat');
    assert.deepEqual(issuesOf(asVersion11(withRepresentative)), [{ code: 'UNEXPECTED_ELEMENT', path: 'MessageHeader/Sender/Representative' }]);
  });

  it('XSD 1.1 agrees about Representative and notification length', async () => {
    const withRepresentative = replaceOnce(MINIMUM, '<memo:label>Kommunen</memo:label>',
      '<memo:label>Kommunen</memo:label><memo:Representative/>');
    const verdicts = await xsdValidate('1.1', [asVersion11(withRepresentative), asVersion11(notification(151)), asVersion11(notification(150))]);
    assert.deepEqual(verdicts.map((v) => v.valid), [false, false, true]);
  });
});

describe('many problems at once', () => {
  it('reports each of them', () => {
    const xml = MINIMUM
      .replace('DIGITALPOST', 'POST')
      .replace('8C2EA15D-61FB-4BA9-9366-42F8B194C114', 'x')
      .replace('2024-05-03T12:00:00Z', '2024-05-03')
      .replace('<memo:idType>CPR</memo:idType>', '');
    assert.deepEqual(issuesOf(xml), [
      { code: 'ENUMERATION', path: 'MessageHeader/messageType' },
      { code: 'PATTERN', path: 'MessageHeader/messageUUID' },
      { code: 'MISSING_ELEMENT', path: 'MessageHeader/Recipient/idType' },
      { code: 'NOT_DATETIME', path: 'MessageBody/createdDateTime' },
    ]);
  });

  it(`stops after ${MAX_ISSUES}`, () => {
    const xml = replaceOnce(MINIMUM, '<memo:label>Pladsanvisning</memo:label>',
      `<memo:label>Pladsanvisning</memo:label>${'<memo:x/>'.repeat(5000)}`);
    const result = parseMemo(xml);
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.issues.length, MAX_ISSUES + 1);
    assert.equal(result.issues.at(-1)?.code, 'TOO_MANY_ISSUES');
  });
});

describe('hostile input', () => {
  it('refuses deep nesting', () => {
    const deep = `${'<memo:x>'.repeat(10000)}${'</memo:x>'.repeat(10000)}`;
    const xml = replaceOnce(MINIMUM, '<memo:label>Pladsanvisning</memo:label>', `<memo:label>Pladsanvisning</memo:label>${deep}`);
    assert.deepEqual(issuesOf(xml), [{ code: 'TOO_DEEP', path: '' }]);
  });

  it('refuses a lowercase doctype and a DOCTYPE hidden after a comment', () => {
    assert.deepEqual(issuesOf(`<!doctype x>${MINIMUM.replace(/^<\?xml[^>]*>/, '')}`), [{ code: 'DOCTYPE_FORBIDDEN', path: '' }]);
    assert.deepEqual(issuesOf(`<!-- x --><!DOCTYPE x SYSTEM "http://example.com/x.dtd">${MINIMUM.replace(/^<\?xml[^>]*>/, '')}`), [{ code: 'DOCTYPE_FORBIDDEN', path: '' }]);
  });

  it('refuses lone surrogates, two roots, a comment with --, and CDATA end in text', () => {
    const body = MINIMUM.replace(/^<\?xml[^>]*>\s*/, '');
    assert.deepEqual(issuesOf(replaceOnce(MINIMUM, 'Kommunen', 'Kommunen\ud800')), [{ code: 'NOT_WELL_FORMED', path: '' }]);
    assert.deepEqual(issuesOf(`${body}${body}`), [{ code: 'NOT_WELL_FORMED', path: '' }]);
    assert.deepEqual(issuesOf(replaceOnce(MINIMUM, 'Kommunen', 'Kommunen<!-- a -- b -->')), [{ code: 'NOT_WELL_FORMED', path: '' }]);
    assert.deepEqual(issuesOf(replaceOnce(MINIMUM, 'Kommunen', 'Kommunen]]>')), [{ code: 'NOT_WELL_FORMED', path: '' }]);
  });

  it('gives the position of a well-formedness error', () => {
    const result = parseMemo(replaceOnce(MINIMUM, '</memo:Sender>', '</memo:Sendr>'));
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.issues[0]!.message, /line 11/);
  });

  it('survives arbitrary junk', () => {
    for (const junk of ['', ' ', '<', '<a', '<<>>', '&', '<?xml?>', '<a/>', '<a xmlns:b=""/>', '<a:b/>', '\u0000', 'x'.repeat(10000)]) {
      assert.equal(parseMemo(junk).ok, false, JSON.stringify(junk));
    }
  });
});
