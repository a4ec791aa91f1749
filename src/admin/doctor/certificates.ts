import type { DoctorCheck, OrganisationCertificate } from '../../contract/index.ts';
import { systemsWithRefusedCertificates, type Executor } from '../../store/index.ts';
import { certificatesPath, organisationCertificates } from '../certificates/index.ts';
import { green, red, type Words } from './report.ts';

/** Red from this many days before expiry: the last warnings (7 and 1 days) have gone out. */
export const RED_DAYS = 7;

function what(c: OrganisationCertificate): Words {
  const dependent = c.dependents[0];
  switch (c.kind) {
    case 'system-client': return { da: `klientcertifikatet for systemet ${dependent?.name ?? ''}`, en: `the client certificate of the system ${dependent?.name ?? ''}` };
    case 'mail-signing': return { da: 'mailsystemets signeringscertifikat', en: 'the mail system\'s signing certificate' };
    case 'forwarding-receiving': return { da: `modtagercertifikatet for videresendelse til ${dependent?.name ?? ''}`, en: `the receiving certificate for forwarding to ${dependent?.name ?? ''}` };
  }
}

function stops(c: OrganisationCertificate): Words {
  switch (c.kind) {
    case 'system-client': return { da: 'systemet kan ikke logge ind', en: 'the system cannot log in' };
    case 'mail-signing': return { da: 'post signeret med det afvises', en: 'mail signed with it is refused' };
    case 'forwarding-receiving': return { da: 'videresendelsen er sat på pause', en: 'forwarding is paused' };
  }
}

/** Every certificate's remaining validity: red when expired or within the last week. */
export async function certificateChecks(db: Executor, organisationId: string, now: Date): Promise<DoctorCheck[]> {
  return (await organisationCertificates(db, organisationId, now)).map((c) => {
    const w = what(c);
    const subject = `${c.subject} (serial ${c.serialNumber})`;
    const date = c.notAfter.slice(0, 10);
    if (c.daysLeft < 0 || new Date(c.notAfter) <= now) {
      return red('certificates', 'CERTIFICATE_EXPIRED', subject,
        { da: `${cap(w.da)} (${subject}) udløb ${date}: ${stops(c).da}.`, en: `${cap(w.en)} (${subject}) expired on ${date}: ${stops(c).en}.` },
        { da: 'Registrér det fornyede certifikat.', en: 'Register the renewed certificate.' }, c.renewPath);
    }
    if (c.daysLeft <= RED_DAYS) {
      return red('certificates', 'CERTIFICATE_EXPIRES_SOON', subject,
        { da: `${cap(w.da)} (${subject}) udløber ${date}, om ${c.daysLeft} dag(e); så ${stops(c).da}.`, en: `${cap(w.en)} (${subject}) expires on ${date}, in ${c.daysLeft} day(s); then ${stops(c).en}.` },
        { da: 'Registrér det fornyede certifikat nu.', en: 'Register the renewed certificate now.' }, c.renewPath);
    }
    return green('certificates', subject, { da: `${cap(w.da)} gælder til ${date} (${c.daysLeft} dage).`, en: `${cap(w.en)} is valid until ${date} (${c.daysLeft} days).` });
  });
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const REFUSED: Record<string, { found: Words; fix: Words }> = {
  CLIENT_CERTIFICATE_MISMATCH: {
    found: { da: 'præsenterede et klientcertifikat, der ikke er registreret for det', en: 'presented a client certificate that is not registered for it' },
    fix: { da: 'Installér et af systemets registrerede certifikater i systemet, eller registrér det certifikat, det præsenterer, under Certifikater.', en: 'Install one of the system\'s registered certificates in it, or register the certificate it presents under Certificates.' },
  },
  CLIENT_CERTIFICATE_REQUIRED: {
    found: { da: 'har et registreret klientcertifikat, men kom uden det (eller over almindelig HTTP)', en: 'has a registered client certificate but came without it (or over plain HTTP)' },
    fix: { da: 'Lad systemet forbinde over HTTPS (SYSTEM_TLS_PORT) med sit certifikat.', en: 'Make the system connect over HTTPS (SYSTEM_TLS_PORT) with its certificate.' },
  },
  CERTIFICATE_EXPIRED: {
    found: { da: 'præsenterede sit registrerede certifikat, som er udløbet', en: 'presented its registered certificate, which has expired' },
    fix: { da: 'Registrér det fornyede certifikat under Certifikater, og installér det i systemet.', en: 'Register the renewed certificate under Certificates and install it in the system.' },
  },
  CERTIFICATE_NOT_YET_VALID: {
    found: { da: 'præsenterede sit registrerede certifikat, som endnu ikke gælder', en: 'presented its registered certificate, which is not yet valid' },
    fix: { da: 'Brug det certifikat, der gælder nu, indtil det nye træder i kraft.', en: 'Use the certificate that is valid now until the new one takes effect.' },
  },
};

/** Systems refused for their client certificate that have not presented a registered one since: they cannot log in. */
export async function refusedCertificateChecks(db: Executor, organisationId: string): Promise<DoctorCheck[]> {
  return (await systemsWithRefusedCertificates(db, organisationId)).map((s) => {
    const code = s.certificate_refused_code ?? 'CLIENT_CERTIFICATE_MISMATCH';
    const words = REFUSED[code] ?? REFUSED.CLIENT_CERTIFICATE_MISMATCH!;
    const at = new Date(s.certificate_refused_at!).toISOString().slice(0, 16).replace('T', ' ');
    const fingerprint = s.certificate_refused_fingerprint ? ` (SHA-256 ${s.certificate_refused_fingerprint})` : '';
    return red('systems', code, s.name,
      { da: `${s.name} ${words.found.da}${fingerprint} ${at} UTC og blev afvist; det er ikke kommet ind siden.`, en: `${s.name} ${words.found.en}${fingerprint} at ${at} UTC and was refused; it has not got in since.` },
      words.fix, certificatesPath(organisationId));
  });
}
