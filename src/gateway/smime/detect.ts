import { parseContentType, type ContentType } from './mime.ts';

export type SmimeKind = 'signed' | 'enveloped';

const SIGNATURE_TYPES = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature']);
const CMS_TYPES = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime']);

export function smimeKind(type: ContentType): SmimeKind | undefined {
  if (type.mediaType === 'multipart/signed') {
    return SIGNATURE_TYPES.has((type.params.get('protocol') ?? '').toLowerCase()) ? 'signed' : undefined;
  }
  if (!CMS_TYPES.has(type.mediaType)) return undefined;
  const smimeType = type.params.get('smime-type')?.toLowerCase();
  if (smimeType === 'signed-data') return 'signed';
  // old clients omit smime-type (usually with name=smime.p7m); the CMS content type decides later
  if (smimeType === undefined || smimeType === 'enveloped-data' || smimeType === 'authenveloped-data') return 'enveloped';
  return undefined;
}

/** What S/MIME a Content-Type header value announces, if any. */
export function isSmime(contentType: string): SmimeKind | undefined {
  return smimeKind(parseContentType(contentType));
}
