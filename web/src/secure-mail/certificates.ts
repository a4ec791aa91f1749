import { ApiError } from '../api.ts';
import { errorText } from '../common/errors.ts';
import { dayDate } from '../common/format.ts';
import type { Lang, T } from '../i18n.ts';

/** The server takes at most 64 KiB of PEM; a certificate is a few kB. */
export const MAX_CERTIFICATE_BYTES = 64 * 1024;
export const CERTIFICATE_ACCEPT = '.pem,.crt,.cer';

/**
 * A certificate file as PEM text, read in the browser: PEM files as they are, DER files (binary .cer
 * and .crt) armoured as PEM, so that either kind can be sent as JSON.
 */
export async function readCertificateFile(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('utf-8').decode(bytes);
  if (text.includes('-----BEGIN')) return text;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const base64 = btoa(binary).replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${base64}\n-----END CERTIFICATE-----\n`;
}

/** `AB:CD:…`, as certificate viewers show fingerprints. */
export function fingerprint(hex: string): string {
  return hex.toUpperCase().match(/.{1,2}/g)?.join(':') ?? hex;
}

/** "30 dage" / "1 dag" / "Udløbet". */
export function daysLeftText(t: T, daysLeft: number): string {
  if (daysLeft < 0) return t('cert.expired');
  return daysLeft === 1 ? t('cert.dayLeft') : t('cert.daysLeft', { n: daysLeft });
}

/** Why a certificate was refused, in the user's language (with the date or addresses the server named). */
export function certificateErrorText(t: T, lang: Lang, error: unknown): string {
  if (error instanceof ApiError) {
    const date = /(\d{4}-\d{2}-\d{2})/.exec(error.message)?.[1];
    if (error.code === 'CERTIFICATE_EXPIRED' && date) return t('cert.expiredOn', { date: dayDate(lang, date) });
    if (error.code === 'CERTIFICATE_NOT_YET_VALID' && date) return t('cert.notYetValidFrom', { date: dayDate(lang, date) });
    const issuedFor = /issued for (.+), not for /.exec(error.message)?.[1];
    if (error.code === 'CERTIFICATE_ADDRESS_MISMATCH' && issuedFor) return t('cert.addressMismatchFor', { emails: issuedFor });
  }
  return errorText(t, error);
}

export const isCertificateError = (error: unknown): boolean => error instanceof ApiError && error.code.startsWith('CERTIFICATE_');
