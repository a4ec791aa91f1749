import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { MemoValidationError, parseMemo, serializeMemo, type MemoAction, type MemoMessage } from '../../src/memo/index.ts';
import { examples, richMessage, toVersion11, xsdValidate } from './helpers.ts';

function roundTrip(message: MemoMessage): MemoMessage {
  const result = parseMemo(serializeMemo(message));
  if (!result.ok) assert.fail(JSON.stringify(result.issues, null, 2));
  return result.message;
}

function exampleMessages(): { name: string; message: MemoMessage }[] {
  return examples().map(({ name, xml }) => {
    const result = parseMemo(xml);
    if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.issues)}`);
    return { name, message: result.message };
  });
}

function withAttachment(bytes: number): MemoMessage {
  const message = richMessage();
  message.body!.mainDocument.file[0]!.content = randomBytes(bytes).toString('base64').replace(/.{76}/g, '$&\n');
  return message;
}

describe('serializeMemo writes what the official XSD accepts', () => {
  it('for every example, as 1.2 and as 1.1', async () => {
    const messages = exampleMessages();
    const v12 = await xsdValidate('1.2', messages.map((m) => serializeMemo(m.message)));
    const v11 = await xsdValidate('1.1', messages.map((m) => serializeMemo(toVersion11(m.message))));
    for (const [i, { name }] of messages.entries()) {
      assert.equal(v12[i]!.valid, true, `${name} 1.2: ${v12[i]!.output}`);
      assert.equal(v11[i]!.valid, true, `${name} 1.1: ${v11[i]!.output}`);
    }
  });

  it('for a message that uses every element, as 1.2 and as 1.1', async () => {
    const [v12] = await xsdValidate('1.2', [serializeMemo(richMessage())]);
    const [v11] = await xsdValidate('1.1', [serializeMemo(toVersion11(richMessage()))]);
    assert.equal(v12?.valid, true, v12?.output);
    assert.equal(v11?.valid, true, v11?.output);
  });

  it('for a 100 KB attachment', async () => {
    const [verdict] = await xsdValidate('1.2', [serializeMemo(withAttachment(100 * 1024))]);
    assert.equal(verdict?.valid, true, verdict?.output);
  });
});

describe('round trip: parse(serialize(m)) equals m', () => {
  for (const { name, message } of exampleMessages()) {
    it(name, () => {
      assert.deepEqual(roundTrip(message), message);
      assert.deepEqual(roundTrip(toVersion11(message)), toVersion11(message));
    });
  }

  it('the message that uses every element, 1.2 and 1.1', () => {
    assert.deepEqual(roundTrip(richMessage()), richMessage());
    assert.deepEqual(roundTrip(toVersion11(richMessage())), toVersion11(richMessage()));
  });

  it('text that needs escaping', () => {
    const message = richMessage();
    message.header.label = ' a & b < c > d ]]> "e" \'f\' \r\n\t æøå 😀 ';
    const xml = serializeMemo(message);
    assert.ok(xml.includes('a &amp; b &lt; c &gt; d ]]&gt;'));
    assert.deepEqual(roundTrip(message), message);
  });

  it('a 100 KB attachment', () => {
    const message = withAttachment(100 * 1024);
    assert.deepEqual(roundTrip(message), message);
  });
});

describe('the written form', () => {
  it('uses the memo prefix and declares the other namespaces only when used', () => {
    const minimal = serializeMemo(exampleMessages()[0]!.message);
    assert.match(minimal, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<memo:Message xmlns:memo="https:\/\/DigitalPost\.dk\/MeMo-1" memoVersion="1\.2">\n/);
    const rich = serializeMemo(richMessage());
    for (const prefix of ['grd', 'gln', 'sor', 'kle', 'form', 'dmv', 'udd']) assert.ok(rich.includes(` xmlns:${prefix}="`), prefix);
    assert.ok(rich.includes('<grd:productionUnitNumber>1012345678</grd:productionUnitNumber>'));
    assert.ok(serializeMemo(toVersion11(richMessage())).includes('memoVersion="1.1" memoSchVersion="1.1.0"'));
  });
});

describe('serializeMemo refuses what it cannot write validly', () => {
  const refuses = (message: MemoMessage, code: string, path: string) => {
    assert.throws(() => serializeMemo(message), (e: unknown) => {
      assert.ok(e instanceof MemoValidationError);
      assert.deepEqual(e.issues.map((i) => ({ code: i.code, path: i.path })), [{ code, path }]);
      return true;
    });
  };

  it('a label that is too long', () => {
    const message = richMessage();
    message.header.label = 'x'.repeat(257);
    refuses(message, 'TOO_LONG', 'MessageHeader/label');
  });

  it('1.2-only elements in a 1.1 message', () => {
    const message = toVersion11(richMessage());
    message.header.sender.representative = { label: 'Advokat' };
    refuses(message, 'UNEXPECTED_ELEMENT', 'MessageHeader/Sender/Representative');
  });

  it('a 1.1 message without memoSchVersion', () => {
    const message = toVersion11(richMessage());
    delete message.memoSchVersion;
    refuses(message, 'MISSING_ATTRIBUTE', '@memoSchVersion');
  });

  it('an Action with both Reservation and EntryPoint (only reachable around the types)', () => {
    const message = richMessage();
    const actions = message.body!.mainDocument.action!;
    actions[1] = { ...actions[1], entryPoint: { url: 'https://example.dk/' } } as unknown as MemoAction;
    refuses(message, 'CHOICE_CONFLICT', 'MessageBody/MainDocument/Action[1]/EntryPoint');
  });
});

describe('speed', () => {
  const timing = (xml: string): number => {
    for (let i = 0; i < 50; i++) parseMemo(xml);
    const runs = 200;
    const started = performance.now();
    for (let i = 0; i < runs; i++) assert.equal(parseMemo(xml).ok, true);
    return (performance.now() - started) / runs;
  };

  it('parse + validate with a 100 KB attachment (timings printed, not asserted)', (t) => {
    const attachment = randomBytes(100 * 1024).toString('base64').replace(/.{76}/g, '$&\n');
    const minimal = structuredClone(exampleMessages()[0]!.message);
    minimal.body!.mainDocument.file[0]!.content = attachment;
    const rich = richMessage();
    rich.body!.mainDocument.file[0]!.content = attachment;
    for (const [name, message] of [['minimal header', minimal], ['every element used', rich]] as const) {
      const xml = serializeMemo(message);
      t.diagnostic(`parseMemo, ${name}, ${Math.round(xml.length / 1024)} KB document: ${timing(xml).toFixed(2)} ms`);
    }
    t.diagnostic(`parseMemo, minimum example without attachment: ${timing(examples()[0]!.xml).toFixed(3)} ms`);
  });
});
