import type { CertificateView } from '../api.ts';
import { dayDate } from '../common/format.ts';
import { useI18n } from '../i18n.ts';
import { daysLeftText, fingerprint } from './certificates.ts';

/** What a certificate is: subject, issuer, validity, days left, addresses and the SHA-256 fingerprint. */
export function CertificateDetails({ certificate, withFingerprint = true }: { certificate: CertificateView; withFingerprint?: boolean }) {
  const { t, lang } = useI18n();
  return (
    <dl className="kuvert-facts-list kuvert-certificate">
      <div className="kuvert-fact"><dt>{t('cert.subject')}</dt><dd>{certificate.subject}</dd></div>
      <div className="kuvert-fact"><dt>{t('cert.issuer')}</dt><dd>{certificate.issuer}</dd></div>
      <div className="kuvert-fact">
        <dt>{t('cert.validity')}</dt>
        <dd>
          <time dateTime={certificate.notBefore}>{dayDate(lang, certificate.notBefore)}</time>
          {' – '}
          <time dateTime={certificate.notAfter}>{dayDate(lang, certificate.notAfter)}</time>
        </dd>
      </div>
      <div className="kuvert-fact"><dt>{t('cert.daysLeftLabel')}</dt><dd>{daysLeftText(t, certificate.daysLeft)}</dd></div>
      {certificate.emailAddresses.length > 0 && (
        <div className="kuvert-fact"><dt>{t('cert.emails')}</dt><dd>{certificate.emailAddresses.join(', ')}</dd></div>
      )}
      {withFingerprint && (
        <div className="kuvert-fact"><dt>{t('cert.fingerprint')}</dt><dd><code className="kuvert-fingerprint">{fingerprint(certificate.fingerprintSha256)}</code></dd></div>
      )}
    </dl>
  );
}
