import { useState, type FormEvent } from 'react';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths } from '../router.tsx';

/** DKFDS search field: searches title, sender and text of the messages in the folder. */
export function SearchForm({ mailboxId, folderId, q }: { mailboxId: string; folderId: string; q: string }) {
  const { t } = useI18n();
  const [value, setValue] = useState(q);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(paths.folder(mailboxId, folderId, value.trim()));
  };
  return (
    <form role="search" className="kuvert-search" onSubmit={submit}>
      <div className="form-group">
        <label htmlFor="message-search" className="form-label">{t('list.search')}</label>
        <div className="search kuvert-search-field">
          <input className="form-input" id="message-search" name="q" type="search" value={value} maxLength={200}
            onChange={(e) => setValue(e.target.value)} />
          <button type="submit" className="button button-search">
            <Icon name="search" /><span>{t('list.searchButton')}</span>
          </button>
        </div>
      </div>
      {q && <p className="kuvert-clear-search"><Link to={paths.folder(mailboxId, folderId)}>{t('list.clearSearch')}</Link></p>}
    </form>
  );
}
