import { useId, useState } from 'react';
import { api, type DoctorCheck, type DoctorReport } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { errorText } from '../common/errors.ts';
import { useI18n, type Key } from '../i18n.ts';
import { Link } from '../router.tsx';
import { useAdmin } from './context.ts';

/**
 * "Test om det virker" (docs/doctor.md): one button that checks the organisation's whole set-up and
 * proves it end to end; every check green or red, a red one with what to change and a link to where.
 */
export function SelfTest() {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<DoctorReport>();
  const [error, setError] = useState<unknown>();

  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await api.selfTest(organisationId));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const red = report?.checks.filter((c) => c.status === 'red') ?? [];
  const text = (c: DoctorCheck) => (lang === 'da' ? c.da : c.en);
  const fix = (c: DoctorCheck) => (lang === 'da' ? c.fixDa : c.fixEn);
  return (
    <section className="kuvert-admin-section kuvert-self-test" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('selftest.heading')}</h2>
      <p>{t('selftest.intro')}</p>
      <button type="button" className="button button-primary" onClick={run} disabled={busy} aria-describedby={`${id}-h`}>
        {busy ? t('selftest.running') : report ? t('selftest.again') : t('selftest.run')}
      </button>
      {busy && <p className="kuvert-loading" role="status">{t('selftest.running')}</p>}
      {error !== undefined && <Alert variant="error">{errorText(t, error)}</Alert>}
      {report && !busy && (
        <>
          {report.ok
            ? <Alert variant="success" heading={t('selftest.ok')}>{t('selftest.okText', { n: report.checks.length })}</Alert>
            : <Alert variant="error" heading={red.length === 1 ? t('selftest.redOne') : t('selftest.red', { n: red.length })}>{t('selftest.redText')}</Alert>}
          <ul className="kuvert-checks">
            {report.checks.map((c, i) => (
              <li key={i} className={`kuvert-check kuvert-check-${c.status}`}>
                <span className="kuvert-check-mark" aria-hidden="true">{c.status === 'green' ? '✓' : '✗'}</span>
                <span className="sr-only">{c.status === 'green' ? t('selftest.green') : t('selftest.redMark')}: </span>
                <span className="kuvert-check-area">{t(`selftest.area.${c.area}` as Key)}</span>{' '}
                <span>{text(c)}</span>
                {c.status === 'red' && (
                  <span className="kuvert-check-fix">
                    <strong>{t('selftest.fix')}</strong> {fix(c)}{' '}
                    {c.link && <Link to={c.link}>{t('selftest.goTo')}</Link>}
                    <code className="kuvert-check-code">{c.code}</code>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
