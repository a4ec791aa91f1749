import { DkfdsModal } from '../common/DkfdsModal.tsx';
import { useI18n } from '../i18n.ts';

/** "Slet for altid?": deleting from Slettet cannot be undone, so it is asked first, naming the letter. */
export function ForgetDialog({ title, onConfirm, onCancel }: { title: string; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <DkfdsModal title={t('trash.forgetTitle')} onEscape={onCancel} className="kuvert-forget"
      buttons={<>
        <button type="button" className="button button-primary" onClick={onConfirm}>{t('trash.forgetConfirm')}</button>
        <button type="button" className="button button-secondary" onClick={onCancel} data-autofocus>{t('drafts.cancel')}</button>
      </>}>
      <p>{t('trash.forgetText', { title })}</p>
    </DkfdsModal>
  );
}
