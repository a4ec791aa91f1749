import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash } from 'node:crypto';
import { allowsEmail, allowsKeyTransport, allowsSigning, isCa, loadCertificate, usageOf, type LoadedCertificate } from './certificates.ts';
import { SmimeError, untrusted } from './errors.ts';

export interface VerifyCertificateOptions {
  intermediates: Buffer[];
  trustAnchors: Buffer[];
  at: Date;
  usage: 'sign' | 'encrypt';
}

const MAX_PATH = 8;
/** Intermediates come from the message; many same-named certificates must not make the search explode. */
const MAX_SIGNATURE_CHECKS = 200;

interface Search {
  intermediates: LoadedCertificate[];
  anchors: LoadedCertificate[];
  checksLeft: number;
}

function issued(search: Search, child: LoadedCertificate, issuer: LoadedCertificate): boolean {
  if (!child.node.checkIssued(issuer.node) || search.checksLeft <= 0) return false;
  search.checksLeft--;
  try {
    return child.node.verify(issuer.node.publicKey);
  } catch {
    return false;
  }
}

/** A v1 certificate has no basicConstraints; old root CAs are like that. */
function canIssue(cert: LoadedCertificate): boolean {
  return isCa(cert.x509) || cert.x509.extensions.length === 0;
}

/** pathLenConstraint: an issuer may have at most that many CA certificates below it (the leaf not counted). */
function pathLengthAllows(path: LoadedCertificate[], issuer: LoadedCertificate): boolean {
  const limit = issuer.x509.getExtension(x509.BasicConstraintsExtension)?.pathLength;
  return limit === undefined || path.length - 1 <= limit;
}

/** Every path from `path`'s last certificate to an anchor, depth first. */
function* paths(path: LoadedCertificate[], search: Search): Generator<LoadedCertificate[]> {
  const last = path[path.length - 1]!;
  if (path.length === 1 && search.anchors.some((anchor) => anchor.der.equals(last.der))) yield path;
  for (const anchor of search.anchors) {
    if (canIssue(anchor) && pathLengthAllows(path, anchor) && issued(search, last, anchor)) yield [...path, anchor];
  }
  if (path.length >= MAX_PATH) return;
  for (const candidate of search.intermediates) {
    if (path.some((cert) => cert.der.equals(candidate.der))) continue;
    if (canIssue(candidate) && pathLengthAllows(path, candidate) && issued(search, last, candidate)) yield* paths([...path, candidate], search);
  }
}

function validityProblem(path: LoadedCertificate[], at: Date): SmimeError | undefined {
  for (const cert of path) {
    const name = `"${cert.x509.subject}" (serial ${cert.x509.serialNumber.toLowerCase().replace(/^(00)+(?=.)/, '')})`;
    if (at < cert.x509.notBefore) {
      return new SmimeError('CERTIFICATE_NOT_YET_VALID', `The certificate ${name} is valid only from ${cert.x509.notBefore.toISOString()}. Check the clocks, or wait until then.`);
    }
    if (at > cert.x509.notAfter) {
      return new SmimeError('CERTIFICATE_EXPIRED', `The certificate ${name} expired on ${cert.x509.notAfter.toISOString()}. Its owner must renew it.`);
    }
  }
  return undefined;
}

/**
 * Throws unless `leaf` chains to one of `trustAnchors` (through `intermediates`) with valid signatures, every
 * certificate on the path is valid at `at`, and the leaf's key usages allow S/MIME `usage`.
 * Revocation (CRL/OCSP) and name constraints are not checked.
 */
export function verifyCertificate(leaf: Buffer, opts: VerifyCertificateOptions): void {
  const key = cacheKey(leaf, opts);
  const known = verified.get(key);
  if (known && opts.at >= known.from && opts.at <= known.until) return;
  const window = untrusted(() => verifyPath(leaf, opts));
  if (verified.size >= 256) verified.delete(verified.keys().next().value!);
  verified.set(key, window);
}

/**
 * Paths found valid, by leaf, intermediates, anchors and usage, with the time window in which all of
 * their certificates are valid: the same sender's next mail needs no signature checks on the chain.
 */
const verified = new Map<string, { from: Date; until: Date }>();

function cacheKey(leaf: Buffer, opts: VerifyCertificateOptions): string {
  const hash = createHash('sha256').update(opts.usage);
  for (const der of [leaf, ...opts.intermediates, Buffer.from('|'), ...opts.trustAnchors]) hash.update(der).update('\0');
  return hash.digest('base64');
}

function verifyPath(leaf: Buffer, opts: VerifyCertificateOptions): { from: Date; until: Date } {
  const cert = loadCertificate(leaf);
  const search: Search = {
    anchors: opts.trustAnchors.map(loadCertificate),
    intermediates: opts.intermediates.map(loadCertificate),
    checksLeft: MAX_SIGNATURE_CHECKS,
  };
  let firstProblem: SmimeError | undefined;
  let trusted = false;
  let valid: LoadedCertificate[] | undefined;
  for (const path of paths([cert], search)) {
    trusted = true;
    const problem = validityProblem(path, opts.at);
    if (!problem) {
      firstProblem = undefined;
      valid = path;
      break;
    }
    firstProblem ??= problem;
  }
  if (!trusted) {
    throw new SmimeError('CHAIN_UNTRUSTED', `The certificate "${cert.x509.subject}" (issued by "${cert.x509.issuer}") does not lead to a trusted certification authority. Add the issuing CA to the trusted certificates if it is trustworthy, or ask the sender for a certificate from a trusted CA.`);
  }
  if (firstProblem) throw firstProblem;

  const usage = usageOf(cert.x509);
  if (!allowsEmail(usage)) {
    throw new SmimeError('KEY_USAGE', `The certificate "${cert.x509.subject}" is not meant for e-mail: its extended key usage lacks emailProtection. A certificate for S/MIME is needed.`);
  }
  if (opts.usage === 'sign' && !allowsSigning(usage)) {
    throw new SmimeError('KEY_USAGE', `The certificate "${cert.x509.subject}" may not be used for signatures (keyUsage lacks digitalSignature and nonRepudiation).`);
  }
  if (opts.usage === 'encrypt' && !allowsKeyTransport(usage)) {
    throw new SmimeError('KEY_USAGE', `The certificate "${cert.x509.subject}" may not be used for encryption (keyUsage lacks keyEncipherment). Ask its owner for an encryption certificate.`);
  }
  return {
    from: new Date(Math.max(...valid!.map((c) => c.x509.notBefore.getTime()))),
    until: new Date(Math.min(...valid!.map((c) => c.x509.notAfter.getTime()))),
  };
}
