import type * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import './engine.ts';
import { parseBer, toBuffer } from './der.ts';
import { malformed } from './errors.ts';

export interface ContentInfo {
  contentType: string;
  /** the value inside `[0] EXPLICIT` */
  content: asn1js.AsnType;
}

export function readContentInfo(bytes: Uint8Array): ContentInfo {
  const root = parseBer(bytes, 'CMS structure');
  try {
    const info = new pkijs.ContentInfo({ schema: root });
    return { contentType: info.contentType, content: info.content as asn1js.AsnType };
  } catch (error) {
    throw malformed('The data is not a CMS ContentInfo.', error);
  }
}

/** The certificates of a SignedData exactly as sent (re-encoding could change their bytes). */
export function rawCertificates(signedData: asn1js.AsnType): Buffer[] {
  const fields = (signedData as asn1js.Sequence).valueBlock?.value ?? [];
  const set = fields.find((field) => field.idBlock.tagClass === 3 && field.idBlock.tagNumber === 0);
  if (!set) return [];
  return ((set as asn1js.Constructed).valueBlock.value ?? [])
    .filter((choice) => choice.idBlock.tagClass === 1 && choice.idBlock.tagNumber === 16)
    .map((certificate) => Buffer.from(toBuffer(certificate.valueBeforeDecodeView)));
}

/**
 * The SignedData without its certificates and CRLs: those are taken raw (rawCertificates) and parsed
 * once per certificate elsewhere; matching them against pkijs's schema again for every mail was the
 * largest cost of a verification.
 */
export function readSignedData(content: asn1js.AsnType): pkijs.SignedData {
  try {
    const fields = (content as asn1js.Sequence).valueBlock?.value;
    if (Array.isArray(fields)) {
      const kept = fields.filter((field) => !(field.idBlock.tagClass === 3 && (field.idBlock.tagNumber === 0 || field.idBlock.tagNumber === 1)));
      if (kept.length !== fields.length) {
        const copy = Object.create(Object.getPrototypeOf(content)) as asn1js.Sequence;
        Object.assign(copy, content);
        copy.valueBlock = Object.assign(Object.create(Object.getPrototypeOf((content as asn1js.Sequence).valueBlock)), (content as asn1js.Sequence).valueBlock, { value: kept });
        return new pkijs.SignedData({ schema: copy });
      }
    }
    return new pkijs.SignedData({ schema: content });
  } catch (error) {
    throw malformed('The CMS SignedData cannot be read.', error);
  }
}

export function readEnvelopedData(content: asn1js.AsnType): pkijs.EnvelopedData {
  try {
    return new pkijs.EnvelopedData({ schema: content });
  } catch (error) {
    throw malformed('The CMS EnvelopedData cannot be read.', error);
  }
}
