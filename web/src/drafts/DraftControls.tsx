import { useState } from 'react';
import { ApiError } from '../api.ts';
import { DkfdsModal } from '../common/DkfdsModal.tsx';
import { errorText } from '../common/errors.ts';
import { locale, useI18n } from '../i18n.ts';
import type { Autosave } from './useAutosave.ts';

/** Under a form: that it saves itself as a draft, and when it last did (not announced at every save: that would be noise). */
export function DraftStatus({ autosave }: { autosave: Pick<Autosave<unknown>, 'savedAt' | 'error'> }) {
  const { t, lang } = useI18n();
  const time = autosave.savedAt && new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(autosave.savedAt);
  // an ended session is the timeout warning's to tell (web/src/session)
  const failed = autosave.error !== undefined && !(autosave.error instanceof ApiError && autosave.error.status === 401);
  return (
    <p className="form-hint kuvert-draft-status">
      {failed ? <span className="kuvert-draft-failed">{t('drafts.saveFailed', { reason: errorText(t, autosave.error) })}</span>
        : time ? t('drafts.autosaved', { time }) : t('drafts.autosaveHint')}
    </p>
  );
}

/** "Kassér kladde": asks first (a DKFDS modal naming the draft), then `onDiscard`. */
export function DiscardDraftButton({ title, onDiscard, disabled }: { title: string; onDiscard: () => Promise<void>; disabled?: boolean }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  async function discard() {
    setBusy(true);
    try {
      await onDiscard();
      setAsking(false);
    } catch (error) {
      setFailure(errorText(t, error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="button button-tertiary kuvert-discard-draft" onClick={() => { setFailure(undefined); setAsking(true); }} disabled={disabled}>
        {t('drafts.discard')}
      </button>
      {asking && (
        <DkfdsModal title={t('drafts.discardTitle')} onEscape={() => setAsking(false)}
          buttons={<>
            <button type="button" className="button button-primary" onClick={() => void discard()} disabled={busy}>{t('drafts.discardConfirm')}</button>
            <button type="button" className="button button-secondary" onClick={() => setAsking(false)} disabled={busy} data-autofocus>{t('drafts.cancel')}</button>
          </>}>
          <p>{t('drafts.discardText', { title: title || t('drafts.untitled') })}</p>
          {failure && <p className="kuvert-draft-failed" role="alert">{failure}</p>}
        </DkfdsModal>
      )}
    </>
  );
}
