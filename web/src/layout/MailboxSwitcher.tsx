import { useState, type FormEvent } from 'react';
import type { MailboxInfo } from '../api.ts';
import { useI18n } from '../i18n.ts';

/** For people with several mailboxes (their own and their company's): choose, then "Skift". */
export function MailboxSwitcher({ mailboxes, current, onSwitch }: { mailboxes: MailboxInfo[]; current: string; onSwitch: (id: string) => void }) {
  const { t } = useI18n();
  const [choice, setChoice] = useState(current);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice !== current) onSwitch(choice);
  };
  return (
    <form className="kuvert-switcher" onSubmit={submit}>
      <label className="form-label" htmlFor="mailbox-switcher">{t('header.switchMailbox')}</label>
      <div className="kuvert-inline-form">
        <select id="mailbox-switcher" className="form-select" value={choice} onChange={(e) => setChoice(e.target.value)}>
          {mailboxes.map((m) => (
            <option key={m.id} value={m.id}>{m.ownerName}{m.cvr ? ` (CVR ${m.cvr})` : ''}</option>
          ))}
        </select>
        <button type="submit" className="button button-secondary">{t('header.switch')}</button>
      </div>
    </form>
  );
}
