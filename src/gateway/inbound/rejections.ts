/** Why Kuvert did not deliver a mail; the sender gets a DSN with the status and the text saying what to fix. */
export type RejectionCode =
  | 'NOT_SIGNED' | 'SIGNATURE_INVALID' | 'UNKNOWN_SIGNER' | 'CERTIFICATE_EXPIRED' | 'CERTIFICATE_NOT_YET_VALID'
  | 'CHAIN_UNTRUSTED' | 'KEY_USAGE' | 'SENDER_MISMATCH' | 'DECRYPT_FAILED' | 'NOT_FOR_US' | 'UNSUPPORTED_ALGORITHM'
  | 'MALFORMED' | 'CONTACT_POINT_NOT_OWN' | 'SENDER_NOT_AUTHORITY' | 'RECIPIENT_NOT_ALLOWED' | 'THREAD_NOT_YOURS'
  | 'REPLY_NOT_ALLOWED' | 'MEMO_INVALID' | 'RECIPIENT_IS_SENDER';

export type DsnStatus = `5.${number}.${number}`;

const STATUS: Record<RejectionCode, DsnStatus> = {
  NOT_SIGNED: '5.7.1', SIGNATURE_INVALID: '5.7.7', UNKNOWN_SIGNER: '5.7.1', CERTIFICATE_EXPIRED: '5.7.1',
  CERTIFICATE_NOT_YET_VALID: '5.7.1', CHAIN_UNTRUSTED: '5.7.1', KEY_USAGE: '5.7.1', SENDER_MISMATCH: '5.7.1',
  DECRYPT_FAILED: '5.7.5', NOT_FOR_US: '5.7.5', UNSUPPORTED_ALGORITHM: '5.7.6', MALFORMED: '5.6.0',
  CONTACT_POINT_NOT_OWN: '5.7.1', SENDER_NOT_AUTHORITY: '5.7.1', RECIPIENT_NOT_ALLOWED: '5.1.1', THREAD_NOT_YOURS: '5.7.1',
  REPLY_NOT_ALLOWED: '5.7.1', MEMO_INVALID: '5.6.0', RECIPIENT_IS_SENDER: '5.1.1',
};

export const REGISTER_HINT = 'An administrator of your organisation registers the mail system\'s signing certificate in the Kuvert portal '
  + '(Sikker e-mail → Signeringscertifikater) or with `kuvert mail-certificate add`.';

const WHAT_TO_FIX: Record<RejectionCode, string> = {
  NOT_SIGNED: `Kuvert only accepts S/MIME-signed mail. Sign the mail with your mail system's registered certificate. ${REGISTER_HINT}`,
  SIGNATURE_INVALID: 'The S/MIME signature does not match the content: the mail was changed after it was signed (a gateway that rewrites mail, a footer or disclaimer added after signing). Send it again without changes after signing.',
  UNKNOWN_SIGNER: `The mail was signed with a certificate that is not registered for any organisation in Kuvert. ${REGISTER_HINT}`,
  CERTIFICATE_EXPIRED: 'The certificate the mail was signed with has expired. Renew it, register the new certificate in Kuvert, and send the mail again.',
  CERTIFICATE_NOT_YET_VALID: 'The certificate the mail was signed with is not valid yet (check its start date and the sending machine\'s clock).',
  CHAIN_UNTRUSTED: 'The signing certificate is not issued by a certificate authority Kuvert trusts for mail systems. Use a certificate from a trusted issuer, and include the intermediate certificates in the signature.',
  KEY_USAGE: 'The signing certificate may not be used for signing e-mail (its key usage or extended key usage does not allow it).',
  SENDER_MISMATCH: 'The From address is not an address of the signing certificate. Send from the address the certificate was issued for.',
  DECRYPT_FAILED: 'Kuvert could not decrypt the mail. Encrypt it to Kuvert\'s current gateway certificate (AES-128/192/256-CBC; RSA-OAEP or RSA PKCS#1 v1.5 key transport).',
  NOT_FOR_US: 'The mail is encrypted, but not to Kuvert\'s gateway certificate. Encrypt it to Kuvert\'s current gateway certificate.',
  UNSUPPORTED_ALGORITHM: 'The mail uses an encryption algorithm Kuvert does not accept. Use AES-256-CBC (or AES-128/192-CBC).',
  MALFORMED: 'The mail is not a well-formed S/MIME message.',
  CONTACT_POINT_NOT_OWN: 'Letters can only be sent from a contact point of your own organisation: use an address of the form <recipient>@<your contact point>.<domain>.',
  SENDER_NOT_AUTHORITY: 'Only public authorities may send letters to citizens and companies this way.',
  RECIPIENT_NOT_ALLOWED: 'The recipient cannot receive Digital Post.',
  THREAD_NOT_YOURS: 'The reply address belongs to mail sent to another organisation. Reply from the organisation the mail was sent to.',
  REPLY_NOT_ALLOWED: 'The sender of the original letter does not accept replies to it, or the reply deadline has passed.',
  MEMO_INVALID: 'The mail could not be turned into a valid Digital Post message.',
  RECIPIENT_IS_SENDER: 'An organisation cannot write to itself.',
};

export class MailRejection extends Error {
  readonly status: DsnStatus;
  constructor(readonly code: RejectionCode, detail?: string) {
    super(detail ? `${WHAT_TO_FIX[code]} (${detail})` : WHAT_TO_FIX[code]);
    this.status = STATUS[code];
  }
}
