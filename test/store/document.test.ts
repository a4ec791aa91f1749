import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { joinDocument, splitDocument } from '../../src/store/index.ts';

function doc(content: string, prefix = 'memo'): string {
  return `<${prefix}:Message xmlns:${prefix}="https://DigitalPost.dk/MeMo-1"><${prefix}:File><${prefix}:content>${content}</${prefix}:content></${prefix}:File>`
    + `<${prefix}:File><${prefix}:content>${content}</${prefix}:content></${prefix}:File></${prefix}:Message>`;
}

const roundTrip = (xml: string) => {
  const split = splitDocument(xml);
  assert.equal(joinDocument(split.text, split.refs, split.blobs), xml);
  return split;
};

describe('splitting attachments out of stored documents', () => {
  const bytes = randomBytes(5000);

  it('cuts a one-line base64 attachment out once and puts it back byte for byte', () => {
    const split = roundTrip(doc(bytes.toString('base64')));
    assert.equal(split.blobs.size, 1);
    assert.equal(split.refs.length, 2);
    assert.ok(split.text.length < 400);
    assert.ok([...split.blobs.values()][0]!.equals(bytes));
  });

  it('keeps line-wrapped base64 (76 with CRLF, 64 with LF) and surrounding whitespace exact', () => {
    const b64 = bytes.toString('base64');
    for (const [width, eol] of [[76, '\r\n'], [64, '\n']] as const) {
      const wrapped = b64.match(new RegExp(`.{1,${width}}`, 'g'))!.join(eol);
      const split = roundTrip(doc(`\n      ${wrapped}\n    `));
      assert.equal(split.blobs.size, 1);
      assert.equal(split.refs[0]!.wrap, width);
    }
  });

  it('leaves irregular or small content inside the text, still exact', () => {
    const b64 = bytes.toString('base64');
    const irregular = `${b64.slice(0, 50)}\n${b64.slice(50, 130)}\n${b64.slice(130)}`;
    assert.equal(roundTrip(doc(irregular)).blobs.size, 0);
    assert.equal(roundTrip(doc(Buffer.from('small').toString('base64'))).blobs.size, 0);
    assert.equal(roundTrip(doc(b64, 'm')).blobs.size, 1, 'any namespace prefix');
  });
});
