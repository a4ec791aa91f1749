import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, publicEncrypt, randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  decryptMime, describeCertificate, encryptMime, generateIdentity, isSmime, loadIdentity, parseCertificates, signMime,
  SmimeError, verifyCertificate, verifySignedMime, type Identity, type SmimeErrorCode,
} from '../../src/gateway/smime/index.ts';
import { decryptKeyPkcs1v15 } from '../../src/gateway/smime/rsa-v15.ts';
import { makeTestPki, opensslCms, type TestCert, type TestPki } from '../helpers/pki.ts';
import { missing } from '../helpers/tools.ts';

const PART = Buffer.from([
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Kære modtager,',
  '',
  'Dette er et brev fra kommunen. =C3=86bler og =C3=B8l.',
  'Linje med mellemrum til sidst   ',
  '',
].join('\r\n'));

let dir: string;
let pki: TestPki;
let partPath: string;
let serial = 0;

function file(data: Buffer | string, name = `f${++serial}.eml`): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
}

function identity(cert: TestCert): Identity {
  return loadIdentity(cert.certPem, cert.keyPem);
}

function isCode(code: SmimeErrorCode): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof SmimeError, `expected SmimeError ${code}, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.ok(error.message.length > 20);
    return true;
  };
}

function opensslSign(signer: TestCert, ...extra: string[]): Buffer {
  return opensslCms(['-sign', '-in', partPath, '-signer', signer.certPath, '-inkey', signer.keyPath, '-certfile', pki.ca.certPath, ...extra]);
}

/** `-keyopt`s in `after` apply to this recipient, so they come after `-recip`. */
function opensslEncrypt(recipient: TestCert, cipher: string, ...after: string[]): Buffer {
  return opensslCms(['-encrypt', cipher, '-in', partPath, '-recip', recipient.certPath, ...after]);
}

/** A DER CMS structure as an S/MIME entity, the way old clients label it. */
function p7m(der: Buffer, contentType = 'application/x-pkcs7-mime; name=smime.p7m'): Buffer {
  return Buffer.from(`Content-Type: ${contentType}\r\nContent-Transfer-Encoding: base64\r\n\r\n${der.toString('base64').replace(/.{1,64}/g, '$&\r\n')}`);
}

function opensslVerify(signed: Buffer, caFile: string): Buffer {
  return opensslCms(['-verify', '-in', file(signed), '-CAfile', caFile]);
}

const NO_OPENSSL = missing('openssl');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kuvert-smime-'));
  if (!NO_OPENSSL) pki = makeTestPki(dir);
  partPath = file(PART, 'part.eml');
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('openssl signs, we verify', { skip: NO_OPENSSL }, () => {
  it('detached multipart/signed: content byte for byte, signer, chain to the CA', async () => {
    const signed = opensslSign(pki.authority);
    assert.equal(isSmime(/^Content-Type: (.*)$/m.exec(signed.toString())![1]!), 'signed');
    const result = await verifySignedMime(signed);
    assert.deepEqual(result.content, PART);
    assert.deepEqual(result.signer, pki.authority.der);
    assert.ok(result.certificates.some((cert) => cert.equals(pki.ca.der)));
    assert.ok(result.signingTime && Math.abs(result.signingTime.getTime() - Date.now()) < 60_000);
    verifyCertificate(result.signer, { intermediates: result.certificates, trustAnchors: [pki.ca.der], at: new Date(), usage: 'sign' });
  });

  it('opaque signed-data (-nodetach), also streamed as indefinite-length BER', async () => {
    for (const extra of [[], ['-stream']]) {
      const signed = opensslSign(pki.authority, '-nodetach', ...extra);
      assert.match(signed.toString(), /smime-type=signed-data/);
      const result = await verifySignedMime(signed);
      assert.deepEqual(result.content, PART);
      assert.deepEqual(result.signer, pki.authority.der);
    }
  });

  it('signer identified by subject key identifier (-keyid), RSA-PSS, SHA-512', async () => {
    for (const extra of [['-keyid'], ['-keyopt', 'rsa_padding_mode:pss'], ['-md', 'sha512']]) {
      const result = await verifySignedMime(opensslSign(pki.authority, ...extra));
      assert.deepEqual(result.content, PART, extra.join(' '));
    }
  });

  it('one changed byte in the signed content is caught', async () => {
    const signed = opensslSign(pki.authority).toString('latin1');
    const tampered = Buffer.from(signed.replace('brev fra kommunen', 'brev fra kommunem'), 'latin1');
    await assert.rejects(verifySignedMime(tampered), (error) => error instanceof SmimeError && ['DIGEST_MISMATCH', 'SIGNATURE_INVALID'].includes(error.code));
  });

  it('a changed signature value is SIGNATURE_INVALID', async () => {
    const der = opensslSign(pki.authority, '-outform', 'DER');
    der[der.length - 1]! ^= 0x01;
    const signed = Buffer.concat([
      Buffer.from('Content-Type: multipart/signed; protocol="application/x-pkcs7-signature"; micalg=sha-256; boundary=XYZ\r\n\r\n--XYZ\r\n'),
      PART,
      Buffer.from('\r\n--XYZ\r\nContent-Type: application/x-pkcs7-signature\r\nContent-Transfer-Encoding: base64\r\n\r\n'),
      Buffer.from(der.toString('base64')),
      Buffer.from('\r\n--XYZ--\r\n'),
    ]);
    await assert.rejects(verifySignedMime(signed), isCode('SIGNATURE_INVALID'));
  });

  it('without the signer certificate (-nocerts): NO_SIGNER_CERTIFICATE', async () => {
    await assert.rejects(verifySignedMime(opensslSign(pki.authority, '-nocerts')), isCode('NO_SIGNER_CERTIFICATE'));
  });

  it('SHA-1 signatures are refused', async () => {
    await assert.rejects(verifySignedMime(opensslSign(pki.authority, '-md', 'sha1')), isCode('UNSUPPORTED_ALGORITHM'));
  });

  it('a stranger: the signature verifies, the certificate is not trusted', async () => {
    const result = await verifySignedMime(opensslSign(pki.stranger));
    assert.deepEqual(result.signer, pki.stranger.der);
    assert.throws(() => verifyCertificate(result.signer, { intermediates: result.certificates, trustAnchors: [pki.ca.der], at: new Date(), usage: 'sign' }), isCode('CHAIN_UNTRUSTED'));
    verifyCertificate(result.signer, { intermediates: [], trustAnchors: [pki.ca.der, pki.stranger.der], at: new Date(), usage: 'sign' });
  });

  it('an expired signer: CERTIFICATE_EXPIRED now, fine at a time it was valid', async () => {
    const result = await verifySignedMime(opensslSign(pki.expired));
    const options = { intermediates: result.certificates, trustAnchors: [pki.ca.der], usage: 'sign' as const };
    assert.throws(() => verifyCertificate(result.signer, { ...options, at: new Date() }), isCode('CERTIFICATE_EXPIRED'));
    assert.throws(() => verifyCertificate(result.signer, { ...options, at: new Date('2019-06-01T00:00:00Z') }), isCode('CERTIFICATE_NOT_YET_VALID'));
    verifyCertificate(result.signer, { ...options, at: new Date('2020-06-01T00:00:00Z') });
  });

  it('key usage: a signing-only certificate signs but does not encrypt', () => {
    const options = { intermediates: [], trustAnchors: [pki.ca.der], at: new Date() };
    verifyCertificate(pki.signOnly.der, { ...options, usage: 'sign' });
    assert.throws(() => verifyCertificate(pki.signOnly.der, { ...options, usage: 'encrypt' }), isCode('KEY_USAGE'));
    assert.throws(() => verifyCertificate(pki.ca.der, { ...options, usage: 'sign' }), isCode('KEY_USAGE'));
  });

  it('an impostor CA with the same name and a certificate with the same serial are untrusted', () => {
    const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    openssl(['req', '-x509', '-key', 'stranger.key', '-out', 'impostor-ca.pem', '-days', '30', '-subj', '/C=DK/O=Kuvert Test/CN=Kuvert Test CA',
      '-config', 'openssl.cnf', '-extensions', 'ca_ext']);
    const serial = execFileSync('openssl', ['x509', '-in', pki.company.certPath, '-noout', '-serial']).toString().split('=')[1]!.trim();
    openssl(['x509', '-req', '-in', 'company.csr', '-CA', 'impostor-ca.pem', '-CAkey', 'stranger.key', '-set_serial', `0x${serial}`, '-days', '30',
      '-extfile', 'openssl.cnf', '-extensions', 'smime', '-out', 'impostor.pem']);
    const [impostor] = parseCertificates(openssl(['x509', '-in', 'impostor.pem']).toString());
    const [impostorCa] = parseCertificates(openssl(['x509', '-in', 'impostor-ca.pem']).toString());
    const options = { at: new Date(), usage: 'encrypt' as const };
    assert.throws(() => verifyCertificate(impostor!, { ...options, intermediates: [impostorCa!], trustAnchors: [pki.ca.der] }), isCode('CHAIN_UNTRUSTED'));
    assert.throws(() => verifyCertificate(impostor!, { ...options, intermediates: [], trustAnchors: [pki.ca.der] }), isCode('CHAIN_UNTRUSTED'));
    verifyCertificate(impostor!, { ...options, intermediates: [], trustAnchors: [impostorCa!] });
  });
});

describe('openssl encrypts, we decrypt', { skip: NO_OPENSSL }, () => {
  it('default PKCS#1 v1.5 key transport with AES-256 (what Outlook and openssl send)', async () => {
    const encrypted = opensslEncrypt(pki.company, '-aes256');
    assert.equal(isSmime(/^Content-Type: (.*)$/m.exec(encrypted.toString())![1]!), 'enveloped');
    assert.deepEqual(await decryptMime(encrypted, identity(pki.company)), PART);
  });

  it('RSA-OAEP with SHA-256, with the default SHA-1, AES-128 and AES-192, subject key identifier', async () => {
    const variants: [string, ...string[]][] = [
      ['-aes256', '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256'],
      ['-aes256', '-keyopt', 'rsa_padding_mode:oaep'],
      ['-aes128'],
      ['-aes192', '-keyid'],
    ];
    for (const [cipher, ...after] of variants) {
      assert.deepEqual(await decryptMime(opensslEncrypt(pki.company, cipher, ...after), identity(pki.company)), PART, [cipher, ...after].join(' '));
    }
  });

  it('several recipients: each decrypts', async () => {
    const encrypted = opensslCms(['-encrypt', '-aes256', '-in', partPath, pki.authority.certPath, pki.company.certPath]);
    assert.deepEqual(await decryptMime(encrypted, identity(pki.company)), PART);
    assert.deepEqual(await decryptMime(encrypted, identity(pki.authority)), PART);
  });

  it('encrypted to another certificate: NOT_FOR_US', async () => {
    await assert.rejects(decryptMime(opensslEncrypt(pki.authority, '-aes256'), identity(pki.company)), isCode('NOT_FOR_US'));
  });

  it('Triple DES: UNSUPPORTED_ALGORITHM', async () => {
    await assert.rejects(decryptMime(opensslEncrypt(pki.company, '-des3'), identity(pki.company)), isCode('UNSUPPORTED_ALGORITHM'));
  });

  describe('a v1.5 encrypted key that is not what it should be ends as DECRYPT_FAILED', () => {
    const ENCRYPTED_KEY = Buffer.from([0x04, 0x82, 0x01, 0x00]);
    function withEncryptedKey(change: (encryptedKey: Buffer) => void): Buffer {
      const der = opensslCms(['-encrypt', '-aes256', '-in', partPath, '-outform', 'DER', '-recip', pki.company.certPath]);
      const at = der.indexOf(ENCRYPTED_KEY) + ENCRYPTED_KEY.length;
      change(der.subarray(at, at + 256));
      return p7m(der);
    }

    it('a corrupted ciphertext', async () => {
      for (let i = 0; i < 5; i++) {
        const entity = withEncryptedKey((key) => { key[100 + i]! ^= 0x40; });
        await assert.rejects(decryptMime(entity, identity(pki.company)), isCode('DECRYPT_FAILED'));
      }
    });

    it('valid padding around a key of the wrong length (16 bytes for AES-256)', async () => {
      const short = publicEncrypt({ key: new X509Certificate(pki.company.der).publicKey, padding: constants.RSA_PKCS1_PADDING }, randomBytes(16));
      await assert.rejects(decryptMime(withEncryptedKey((key) => short.copy(key)), identity(pki.company)), isCode('DECRYPT_FAILED'));
    });

    it('valid padding around a wrong 32-byte key', async () => {
      const wrong = publicEncrypt({ key: new X509Certificate(pki.company.der).publicKey, padding: constants.RSA_PKCS1_PADDING }, randomBytes(32));
      await assert.rejects(decryptMime(withEncryptedKey((key) => wrong.copy(key)), identity(pki.company)), isCode('DECRYPT_FAILED'));
    });
  });

  it('implicit rejection: the real key when the padding is valid, else a stable synthetic key', () => {
    const { privateKey } = identity(pki.company);
    const publicKey = new X509Certificate(pki.company.der).publicKey;
    const key = randomBytes(32);
    const ciphertext = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, key);
    assert.deepEqual(decryptKeyPkcs1v15(privateKey, ciphertext, 32), key);

    const broken = Buffer.from(ciphertext);
    broken[7]! ^= 1;
    const synthetic = decryptKeyPkcs1v15(privateKey, broken, 32);
    assert.equal(synthetic.length, 32);
    assert.notDeepEqual(synthetic, key);
    assert.deepEqual(decryptKeyPkcs1v15(privateKey, broken, 32), synthetic);
    assert.notDeepEqual(decryptKeyPkcs1v15(privateKey, ciphertext, 24), key.subarray(0, 24), 'another length is a padding error');
    assert.equal(decryptKeyPkcs1v15(privateKey, ciphertext.subarray(1), 32).length, 32, 'a short ciphertext does not throw');
  });
});

describe('we sign and encrypt, openssl verifies and decrypts', { skip: NO_OPENSSL }, () => {
  it('signMime: openssl cms -verify accepts it, the content is unchanged, the first part is the entity', async () => {
    const signed = await signMime(PART, identity(pki.authority));
    assert.ok(signed.includes(Buffer.concat([Buffer.from('\r\n'), PART, Buffer.from('\r\n--')])));
    const contentType = /^Content-Type: ([^]*?)\r\n(?![ \t])/.exec(signed.toString())![1]!.replace(/\r\n[ \t]/g, ' ');
    assert.match(contentType, /^multipart\/signed; protocol="application\/pkcs7-signature"; micalg=sha-256; boundary="[^"]+"$/);
    assert.equal(isSmime(contentType), 'signed');
    assert.deepEqual(opensslVerify(signed, pki.ca.certPath), PART);
    assert.deepEqual((await verifySignedMime(signed)).content, PART);
    const lines = signed.toString().split('\r\n');
    assert.ok(lines.every((line) => line.length <= 78), 'lines of at most 78 characters');
  });

  it('the chain is included and openssl prints the attributes', async () => {
    const signer = loadIdentity(pki.authority.certPem + pki.ca.certPem, pki.authority.keyPem);
    assert.equal(signer.chain.length, 1);
    const signed = await signMime(PART, signer);
    const printed = opensslCms(['-cmsout', '-print', '-in', file(signed)]).toString();
    for (const expected of ['contentType', 'signingTime', 'messageDigest', 'S/MIME Capabilities', 'aes-256-cbc', 'sha256', 'Kuvert Test CA']) assert.match(printed, new RegExp(expected));
    assert.equal((await verifySignedMime(signed)).certificates.length, 2);
  });

  it('encryptMime: openssl cms -decrypt gets the entity back; RSA-OAEP SHA-256 and AES-256-CBC', async () => {
    const encrypted = await encryptMime(PART, [pki.company.der]);
    assert.match(encrypted.toString(), /^Content-Type: application\/pkcs7-mime; smime-type=enveloped-data;\r\n\tname=smime.p7m\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=smime.p7m\r\n\r\n/);
    assert.ok(encrypted.toString().split('\r\n').every((line) => line.length <= 76));
    const path = file(encrypted);
    assert.deepEqual(opensslCms(['-decrypt', '-in', path, '-recip', pki.company.certPath, '-inkey', pki.company.keyPath]), PART);
    const printed = opensslCms(['-cmsout', '-print', '-in', path]).toString();
    // OpenSSL 3.0 prints id-RSAES-OAEP by its OpenSSL name
    assert.match(printed, /rsaesOaep \(1\.2\.840\.113549\.1\.1\.7\)/);
    assert.match(printed, /aes-256-cbc/);
    assert.match(printed, /sha256/);
    assert.match(printed, /mgf1/);
    assert.deepEqual(await decryptMime(encrypted, identity(pki.company)), PART);
  });

  it('several recipients', async () => {
    const path = file(await encryptMime(PART, [pki.authority.der, pki.company.der]));
    for (const cert of [pki.authority, pki.company]) {
      assert.deepEqual(opensslCms(['-decrypt', '-in', path, '-recip', cert.certPath, '-inkey', cert.keyPath]), PART);
    }
  });

  it('sign, then encrypt: openssl decrypts, then verifies; so do we', async () => {
    const signed = await signMime(PART, identity(pki.authority));
    const encrypted = await encryptMime(signed, [pki.company.der]);
    const decrypted = opensslCms(['-decrypt', '-in', file(encrypted), '-recip', pki.company.certPath, '-inkey', pki.company.keyPath]);
    assert.deepEqual(decrypted, signed);
    assert.deepEqual(opensslVerify(decrypted, pki.ca.certPath), PART);
    const ours = await verifySignedMime(await decryptMime(encrypted, identity(pki.company)));
    assert.deepEqual(ours.content, PART);
    assert.deepEqual(ours.signer, pki.authority.der);
  });

  it('a few MB both ways, quickly', async () => {
    const attachment = randomBytes(3 * 1024 * 1024).toString('base64').replace(/.{76}/g, '$&\r\n');
    const big = Buffer.from(`Content-Type: application/pdf; name=brev.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n${attachment}\r\n`);
    const started = performance.now();
    const encrypted = await encryptMime(big, [pki.company.der]);
    const decrypted = await decryptMime(encrypted, identity(pki.company));
    const signed = await signMime(big, identity(pki.authority));
    const verified = await verifySignedMime(signed);
    const elapsed = performance.now() - started;
    assert.deepEqual(decrypted, big);
    assert.deepEqual(verified.content, big);
    assert.ok(elapsed < 3000, `took ${Math.round(elapsed)} ms`);
    assert.deepEqual(opensslCms(['-decrypt', '-in', file(encrypted), '-recip', pki.company.certPath, '-inkey', pki.company.keyPath]), big);
    assert.deepEqual(await decryptMime(opensslCms(['-encrypt', '-aes256', '-stream', '-in', file(big), pki.company.certPath]), identity(pki.company)), big);
  });
});

describe('generateIdentity', { skip: NO_OPENSSL }, () => {
  it('a self-signed certificate openssl reads, usable to sign and to receive', async () => {
    const { identity: generated, certPem, keyPem } = await generateIdentity({ commonName: 'mail.kuvert.example', email: 'post@kuvert.example' });
    const certPath = file(certPem, 'generated.pem');
    const keyPath = file(keyPem, 'generated.key');
    const text = execFileSync('openssl', ['x509', '-in', certPath, '-noout', '-text']).toString();
    for (const expected of ['E-mail Protection', 'TLS Web Server Authentication', 'email:post@kuvert.example', 'DNS:mail.kuvert.example', 'Digital Signature, Key Encipherment', 'CA:FALSE', '2048 bit']) {
      assert.ok(text.includes(expected), expected);
    }
    const info = describeCertificate(generated.certificate);
    assert.equal(info.canSign, true);
    assert.equal(info.canEncrypt, true);
    assert.equal(info.isCa, false);
    assert.deepEqual(info.emailAddresses, ['post@kuvert.example']);
    assert.equal(info.keyAlgorithm, 'RSA');
    assert.equal(info.keyBits, 2048);
    assert.ok(info.notAfter.getTime() - Date.now() > 700 * 86_400_000);

    assert.deepEqual(opensslVerify(await signMime(PART, generated), certPath), PART);
    assert.deepEqual(opensslCms(['-decrypt', '-in', file(await encryptMime(PART, [generated.certificate])), '-recip', certPath, '-inkey', keyPath]), PART);
    assert.deepEqual(await decryptMime(opensslCms(['-encrypt', '-aes256', '-in', partPath, certPath]), loadIdentity(certPem, keyPem)), PART);
    verifyCertificate(generated.certificate, { intermediates: [], trustAnchors: [generated.certificate], at: new Date(), usage: 'encrypt' });
  });

  it('a common name that is no host name gets no dNSName', async () => {
    const { identity: generated } = await generateIdentity({ commonName: 'Kuvert test', days: 1 });
    assert.deepEqual(describeCertificate(generated.certificate).emailAddresses, []);
    assert.match(describeCertificate(generated.certificate).subject, /CN=Kuvert test/);
  });
});

describe('certificates', { skip: NO_OPENSSL }, () => {
  it('describeCertificate', () => {
    const authority = describeCertificate(pki.authority.der);
    assert.match(authority.subject, /CN=Kommunen mail/);
    assert.match(authority.issuer, /CN=Kuvert Test CA/);
    assert.deepEqual(authority.emailAddresses, ['post@kommunen.example']);
    const serial = execFileSync('openssl', ['x509', '-in', pki.authority.certPath, '-noout', '-serial']).toString();
    assert.equal(authority.serialNumber, serial.split('=')[1]!.trim().toLowerCase());
    assert.equal(authority.isCa, false);
    assert.equal(authority.canSign, true);
    assert.equal(authority.canEncrypt, true);
    const fingerprint = execFileSync('openssl', ['x509', '-in', pki.authority.certPath, '-noout', '-fingerprint', '-sha256']).toString();
    assert.equal(authority.fingerprintSha256, fingerprint.split('=')[1]!.trim().replaceAll(':', '').toLowerCase());

    const signOnly = describeCertificate(pki.signOnly.der);
    assert.equal(signOnly.canSign, true);
    assert.equal(signOnly.canEncrypt, false);

    const expired = describeCertificate(pki.expired.der);
    assert.ok(expired.notAfter < new Date());
    assert.equal(expired.notAfter.toISOString(), '2021-01-01T00:00:00.000Z');

    const ca = describeCertificate(pki.ca.der);
    assert.equal(ca.isCa, true);
    assert.equal(ca.canSign, false);
  });

  it('parseCertificates: PEM bundles, DER, PKCS#7, and nothing else', () => {
    assert.deepEqual(parseCertificates(pki.company.certPem + pki.ca.certPem), [pki.company.der, pki.ca.der]);
    assert.deepEqual(parseCertificates(pki.ca.der), [pki.ca.der]);
    assert.deepEqual(parseCertificates(Buffer.from(pki.ca.certPem)), [pki.ca.der]);
    const p7b = execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', pki.company.certPath, '-certfile', pki.ca.certPath, '-outform', 'DER']);
    assert.deepEqual(parseCertificates(p7b), [pki.company.der, pki.ca.der]);
    assert.throws(() => parseCertificates('hello'), isCode('MALFORMED'));
    assert.throws(() => parseCertificates(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])), isCode('MALFORMED'));
    assert.throws(() => parseCertificates(Buffer.concat([pki.ca.der, Buffer.from([0])])), isCode('MALFORMED'));
  });

  it('loadIdentity finds its certificate in a chain and refuses a foreign key', () => {
    const loaded = loadIdentity(pki.ca.certPem + pki.company.certPem, pki.company.keyPem);
    assert.deepEqual(loaded.certificate, pki.company.der);
    assert.deepEqual(loaded.chain, [pki.ca.der]);
    assert.throws(() => loadIdentity(pki.company.certPem, pki.authority.keyPem), isCode('KEY_MISMATCH'));
    assert.throws(() => loadIdentity(pki.company.certPem, 'not a key'), isCode('MALFORMED'));
  });
});

describe('what is and is not S/MIME', { skip: NO_OPENSSL }, () => {
  it('isSmime', () => {
    assert.equal(isSmime('multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary=x'), 'signed');
    assert.equal(isSmime('Multipart/Signed; boundary="a;b"; protocol="application/x-pkcs7-signature"'), 'signed');
    assert.equal(isSmime('multipart/signed; protocol="application/pgp-signature"; boundary=x'), undefined);
    assert.equal(isSmime('application/pkcs7-mime; smime-type=enveloped-data; name=smime.p7m'), 'enveloped');
    assert.equal(isSmime('application/x-pkcs7-mime; name="smime.p7m"'), 'enveloped');
    assert.equal(isSmime('application/pkcs7-mime; smime-type=signed-data; name=smime.p7m'), 'signed');
    assert.equal(isSmime('application/pkcs7-mime; smime-type=certs-only'), undefined);
    assert.equal(isSmime('text/plain; charset=utf-8'), undefined);
  });

  it('the wrong kind of message gets a clear code', async () => {
    const company = identity(pki.company);
    const signed = opensslSign(pki.authority);
    const encrypted = opensslEncrypt(pki.company, '-aes256');
    await assert.rejects(verifySignedMime(PART), isCode('NOT_SMIME'));
    await assert.rejects(decryptMime(PART, company), isCode('NOT_SMIME'));
    await assert.rejects(verifySignedMime(encrypted), isCode('NOT_SIGNED'));
    await assert.rejects(decryptMime(signed, company), isCode('NOT_ENCRYPTED'));
    await assert.rejects(decryptMime(p7m(opensslSign(pki.authority, '-nodetach', '-outform', 'DER')), company), isCode('NOT_ENCRYPTED'));
    await assert.rejects(decryptMime(Buffer.from('Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\nContent-Transfer-Encoding: base64\r\n\r\nbm90IGFzbjE=\r\n'), company), isCode('MALFORMED'));
    await assert.rejects(verifySignedMime(Buffer.from('Content-Type: multipart/signed; protocol="application/pkcs7-signature"; boundary=b\r\n\r\n--b\r\nx\r\n--b\r\n')), isCode('MALFORMED'));
  });

  it('a boundary with parentheses, a comment and extra headers around the signed message', async () => {
    const signed = opensslSign(pki.authority).toString('latin1');
    const boundary = /boundary="([^"]+)"/.exec(signed)![1]!;
    const edited = `From: post@kommunen.example\r\nSubject: Brev\r\n${signed.replaceAll(boundary, '(b)=?x_1').replace('; boundary=', ' (a comment; with semicolon) ; boundary=')}`;
    assert.deepEqual((await verifySignedMime(Buffer.from(edited, 'latin1'))).content, PART);
  });

  it('LF line endings (a message stored on Unix) verify as CRLF', async () => {
    const signed = opensslSign(pki.authority).toString('latin1').replace(/\r\n/g, '\n');
    assert.deepEqual((await verifySignedMime(Buffer.from(signed, 'latin1'))).content, PART);
  });
});
