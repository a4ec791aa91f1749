import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { basic } from '../helpers/api.ts';
import { startTestKuvert, testDatabases } from '../helpers/databases.ts';

// The system API reads JSON with the same guard as the portal's API: depth and size before parsing.
const [database] = testDatabases();
describe('JSON bodies at /apis/v1', () => {
  let kuvert: Awaited<ReturnType<typeof startTestKuvert>>;
  before(async () => { kuvert = await startTestKuvert(database!); });
  after(async () => { await kuvert.drop(); });

  const post = (payload: string) => kuvert.app.inject({
    method: 'POST', url: '/apis/v1/contacts/search', payload,
    headers: { authorization: basic('authoritySender'), 'content-type': 'application/json' },
  });

  it('refuses nesting deeper than 64 levels before parsing (400 JSON_TOO_DEEP)', async () => {
    const response = await post(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().errorCode, 'JSON_TOO_DEEP');
  });

  it('refuses more than 1 MB (413 BODY_TOO_LARGE) and still answers an ordinary look-up', async () => {
    const response = await post(JSON.stringify({ cvrNumber: '29876543', padding: 'x'.repeat(1_100_000) }));
    assert.equal(response.statusCode, 413);
    const lookup = await post(JSON.stringify({ cvrNumber: '29876543' }));
    assert.equal(lookup.statusCode, 200);
    assert.equal(lookup.json().contacts[0].type, 'COMPANY');
  });
});
