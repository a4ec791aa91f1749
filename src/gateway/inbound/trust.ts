import { verifyCertificate } from '../smime/index.ts';
import { findSignerCertificate, type Db } from '../../store/index.ts';
import { MailRejection } from './rejections.ts';
import { rejectionOf, type Unwrapped } from './unwrap.ts';

export interface TrustedSigner {
  organisationId: string;
  organisationCvr: string;
  organisationName: string;
  organisationKind: 'authority' | 'company';
  mailboxId: string;
  certificateId: string;
  emails: string[];
  /** the organisation's default sender system: mail from its mail system is sent as that system */
  systemId: string | null;
}

/**
 * The organisation a signed mail comes from: its signer certificate must be registered for an
 * organisation (pinned by SHA-256 fingerprint), valid now, and — when MAIL_CA_FILE names trusted CAs —
 * chain to one of them through the certificates in the mail.
 */
export async function trustedSigner(db: Db, mail: Unwrapped, trustAnchors: Buffer[], now = new Date()): Promise<TrustedSigner> {
  const row = await findSignerCertificate(db, mail.signerFingerprint);
  if (!row || row.status !== 'active') throw new MailRejection('UNKNOWN_SIGNER', `certificate SHA-256 ${mail.signerFingerprint}`);
  try {
    verifyCertificate(mail.signer, {
      intermediates: mail.certificates.filter((c) => !c.equals(mail.signer)),
      trustAnchors: trustAnchors.length > 0 ? trustAnchors : [Buffer.from(row.der)],
      at: now,
      usage: 'sign',
    });
  } catch (err) {
    throw rejectionOf(err);
  }
  return {
    organisationId: row.organisation_id, organisationCvr: row.cvr, organisationName: row.name, organisationKind: row.kind,
    mailboxId: row.mailbox_id, certificateId: row.id, emails: row.emails, systemId: row.system_id,
  };
}
