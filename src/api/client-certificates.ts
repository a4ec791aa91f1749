import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { FailedAttempts } from '../auth/index.ts';
import { appendEvents, clearCertificateRefusal, recordCertificateRefusal, type AuthenticatedSystem, type CertificatePin, type Db } from '../store/index.ts';
import { ApiError } from './errors.ts';

/**
 * Mutual TLS for systems (docs/certificates.md). A system with registered client certificates must
 * present one of them on the TLS connection its request comes over, besides its secret; a system
 * without any keeps working with its secret alone, over HTTP or HTTPS. The certificate is matched by
 * the SHA-256 fingerprint of its DER — pinned, so neither its chain nor a CA list is consulted, and a
 * certificate another system has registered, however valid, does not pass.
 */

/** The refusals, with their status: stable codes, documented in docs/certificates.md. */
export const CLIENT_CERTIFICATE_REFUSALS = {
  CLIENT_CERTIFICATE_REQUIRED: 401,
  CLIENT_CERTIFICATE_MISMATCH: 403,
  CERTIFICATE_EXPIRED: 403,
  CERTIFICATE_NOT_YET_VALID: 403,
} as const;
export type ClientCertificateRefusal = keyof typeof CLIENT_CERTIFICATE_REFUSALS;

/** What the TLS connection presented: nothing (plain HTTP, or HTTPS without a certificate), or a certificate's fingerprint. */
export type Presented = { tls: false } | { tls: true; fingerprintSha256: string | undefined };

export function presentedCertificate(request: FastifyRequest): Presented {
  const socket = request.raw.socket as Partial<TLSSocket>;
  if (!socket.encrypted || typeof socket.getPeerCertificate !== 'function') return { tls: false };
  const peer = socket.getPeerCertificate(false);
  const raw = peer && 'raw' in peer ? peer.raw : undefined;
  return { tls: true, fingerprintSha256: raw ? createHash('sha256').update(raw).digest('hex') : undefined };
}

export type CertificateVerdict =
  | { ok: true; pin: CertificatePin | undefined }
  | { ok: false; code: ClientCertificateRefusal; message: string; fingerprintSha256: string | null };

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Whether what the connection presented lets the system in, given its registered certificates (pure). */
export function certificateVerdict(pins: readonly CertificatePin[], presented: Presented, now: Date): CertificateVerdict {
  if (pins.length === 0) return { ok: true, pin: undefined };
  const fingerprint = presented.tls ? presented.fingerprintSha256 : undefined;
  if (!fingerprint) {
    return {
      ok: false, code: 'CLIENT_CERTIFICATE_REQUIRED', fingerprintSha256: null,
      message: presented.tls
        ? 'This system has a client certificate registered: present it (mutual TLS) together with the secret. No client certificate was presented.'
        : 'This system has a client certificate registered: connect to the system API over HTTPS (SYSTEM_TLS_PORT) and present the certificate together with the secret. This request came over plain HTTP.',
    };
  }
  const pin = pins.find((p) => p.fingerprintSha256 === fingerprint);
  if (!pin) {
    return {
      ok: false, code: 'CLIENT_CERTIFICATE_MISMATCH', fingerprintSha256: fingerprint,
      message: `The client certificate presented (SHA-256 ${fingerprint}) is not registered for this system; present one of the system's registered certificates.`,
    };
  }
  if (pin.notAfter.getTime() <= now.getTime()) {
    return {
      ok: false, code: 'CERTIFICATE_EXPIRED', fingerprintSha256: fingerprint,
      message: `The system's client certificate "${pin.subject}" (serial ${pin.serialNumber}) expired on ${day(pin.notAfter)}; register its renewal and present that.`,
    };
  }
  if (pin.notBefore.getTime() > now.getTime()) {
    return {
      ok: false, code: 'CERTIFICATE_NOT_YET_VALID', fingerprintSha256: fingerprint,
      message: `The system's client certificate "${pin.subject}" (serial ${pin.serialNumber}) is valid from ${day(pin.notBefore)}.`,
    };
  }
  return { ok: true, pin };
}

/** A refusal is written as an event at most this often per system and code, unless it counts as a failed attempt (which has its own budget). */
const EVENT_EVERY_MS = 60_000;

/**
 * The check after the secret: refuses a request whose connection does not present one of the
 * system's registered certificates. Each refusal leaves a SYSTEM_AUTHENTICATION_FAILED event (the
 * reason, the presented certificate's fingerprint, never key material). Only another certificate
 * (CLIENT_CERTIFICATE_MISMATCH) counts as a failed attempt for throttling — someone holds the secret
 * and a certificate that is not the system's; a missing or expired certificate is the system's own
 * set-up, which a lock-out would only hide behind 429.
 */
export function clientCertificateCheck(db: Db, eventChains: number, attempts: FailedAttempts, now: () => Date = () => new Date()) {
  const lastEvent = new Map<string, number>();
  // systems this process saw present a registered certificate since their last refusal (nothing to clear)
  const clean = new Set<string>();
  return async (request: FastifyRequest, system: AuthenticatedSystem, pins: readonly CertificatePin[]): Promise<void> => {
    const verdict = certificateVerdict(pins, presentedCertificate(request), now());
    if (verdict.ok) {
      if (verdict.pin && !clean.has(system.id)) {
        if (clean.size >= 10_000) clean.clear();
        clean.add(system.id);
        for (const code of Object.keys(CLIENT_CERTIFICATE_REFUSALS)) lastEvent.delete(`${system.id}:${code}`);
        await clearCertificateRefusal(db, system.id);
      }
      return;
    }
    clean.delete(system.id);
    const data = { systemId: system.id, reason: verdict.code, certificate: verdict.fingerprintSha256 };
    const key = `${system.id}:${verdict.code}`;
    const at = now().getTime();
    const due = (lastEvent.get(key) ?? 0) + EVENT_EVERY_MS <= at;
    if (due) {
      if (lastEvent.size >= 10_000) lastEvent.clear();
      lastEvent.set(key, at);
      // kept on the system for the self-test, which names a system presenting the wrong certificate
      await recordCertificateRefusal(db, system.id, verdict.code, verdict.fingerprintSha256)
        .catch((err: unknown) => request.log.error({ err }, 'the certificate refusal could not be recorded'));
    }
    if (verdict.code === 'CLIENT_CERTIFICATE_MISMATCH') {
      await attempts.failed({ address: request.ip, systemId: system.id }, { type: 'SYSTEM_AUTHENTICATION_FAILED', data });
    } else if (due) {
      await appendEvents(db, eventChains, [{ type: 'SYSTEM_AUTHENTICATION_FAILED', actor: `address:${request.ip}`, data: { scope: 'system-api', ...data } }])
        .catch((err: unknown) => request.log.error({ err }, 'authentication event could not be written'));
    }
    throw new ApiError(CLIENT_CERTIFICATE_REFUSALS[verdict.code], verdict.code, verdict.message);
  };
}
