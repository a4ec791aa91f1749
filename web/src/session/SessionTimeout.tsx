import { useEffect, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { DkfdsModal } from '../common/DkfdsModal.tsx';
import { useI18n, type T } from '../i18n.ts';
import { flushBeforeExpiry, noteSessionExpiry, useSessionDeadline, warningLead, writing } from './clock.ts';

type Phase = 'active' | 'warning' | 'expired';

const loginAgainUrl = () => `/auth/login?returnTo=${encodeURIComponent(window.location.pathname + window.location.search)}`;

function duration(t: T, seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? t('session.minutes', { m, s }) : t('session.seconds', { s });
}

/**
 * The timeout warning, as borger.dk's: before the idle timeout a modal "Du bliver snart logget af"
 * with a countdown, "Forbliv logget ind" (extends the session) and "Log af"; when it has ended,
 * "Du er blevet logget af" with "Log ind igen" back to this page. Before it warns it asks the server
 * (without extending the session) whether the session was used meanwhile, e.g. in another tab. The
 * app polls nothing else: only what the person does keeps the session alive.
 */
export function SessionTimeout() {
  const { t } = useI18n();
  const deadline = useSessionDeadline();
  const [phase, setPhase] = useState<Phase>('active');
  const [now, setNow] = useState(() => Date.now());
  const [busy, setBusy] = useState(false);

  // ask the server how long is left: a 401 means it has ended
  async function check(): Promise<number | undefined> {
    try {
      return (await api.sessionExpiry()).expiresIn;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setPhase('expired');
      return undefined;
    }
  }

  // at the warning's time: still so little left? then save what is being written and warn
  useEffect(() => {
    if (deadline === undefined || phase === 'expired') return;
    const lead = warningLead() * 1000;
    const timer = window.setTimeout(async () => {
      const left = await check();
      if (left === undefined) return;
      if (left * 1000 > lead + 1000) return; // used meanwhile: the new deadline sets a new timer
      await flushBeforeExpiry();
      setPhase((p) => (p === 'expired' ? p : 'warning'));
    }, Math.max(0, deadline - lead - Date.now()));
    return () => window.clearTimeout(timer);
  }, [deadline, phase === 'expired']);

  // the countdown, and the end
  useEffect(() => {
    if (phase !== 'warning' || deadline === undefined) return;
    const tick = window.setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= deadline) {
        window.clearInterval(tick);
        void check().then((left) => {
          if (left !== undefined && left > 0) noteSessionExpiry(left);
          setPhase((p) => (p === 'expired' ? p : left !== undefined && left * 1000 > warningLead() * 1000 ? 'active' : p));
        });
      }
    }, 1000);
    return () => window.clearInterval(tick);
  }, [phase, deadline]);

  // extended meanwhile (another request, another tab): no warning
  useEffect(() => {
    if (phase === 'warning' && deadline !== undefined && deadline - Date.now() > warningLead() * 1000 + 1000) setPhase('active');
  }, [deadline, phase]);

  async function stay() {
    setBusy(true);
    try {
      await api.extendSession();
      setPhase('active');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setPhase('expired');
    } finally {
      setBusy(false);
    }
  }

  async function logout() {
    setBusy(true);
    window.location.assign(await api.logout());
  }

  if (phase === 'expired') {
    return (
      <DkfdsModal title={t('session.expiredTitle')} className="kuvert-session-modal"
        buttons={<a className="button button-primary" href={loginAgainUrl()}>{t('session.loginAgain')}</a>}>
        <p>{t('session.expiredText')}</p>
        {writing() && <p>{t('session.expiredDraft')}</p>}
      </DkfdsModal>
    );
  }
  if (phase !== 'warning' || deadline === undefined) return null;
  const left = Math.max(0, Math.round((deadline - now) / 1000));
  return (
    <DkfdsModal title={t('session.warningTitle')} className="kuvert-session-modal" onEscape={() => void stay()}
      buttons={<>
        <button type="button" className="button button-primary" onClick={() => void stay()} disabled={busy}>{t('session.stay')}</button>
        <button type="button" className="button button-secondary" onClick={() => void logout()} disabled={busy}>{t('session.logout')}</button>
      </>}>
      <p>{t('session.warningText', { time: duration(t, left) })}</p>
      {writing() && <p>{t('session.warningDraft')}</p>}
      <p className="sr-only" aria-live="polite">{left % 30 === 0 || left <= 10 ? duration(t, left) : ''}</p>
    </DkfdsModal>
  );
}
