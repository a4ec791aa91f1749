import { useEffect, useState, type FormEvent } from 'react';
import { api, type MailboxInfo } from '../api.ts';
import { Icon } from '../common/Icon.tsx';
import { useAsync } from '../common/useAsync.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate } from '../router.tsx';
import { listPath, type ListQuery } from './listQuery.ts';
import { folderName, sortFolders, useMailbox } from './MailboxContext.tsx';

/**
 * DKFDS search field over every folder the person sees (docs/portal.md, "Search"), with the folder to
 * search in (all but Slettet, or one), and for an organisation's mailbox its filters: P-unit and
 * attention person. What is chosen goes into the address (listQuery.ts).
 */
export function SearchForm({ mailbox, folderId, query }: { mailbox: MailboxInfo; folderId: string; query: ListQuery }) {
  const { t } = useI18n();
  const { folders } = useMailbox();
  const company = mailbox.ownerKind === 'organisation';
  const [q, setQ] = useState(query.q);
  const [scope, setScope] = useState(query.scope ?? '');
  const [pNumber, setPNumber] = useState(query.pNumber ?? '');
  const [person, setPerson] = useState(query.person ?? '');
  // the address wins when it changes (back, a link)
  useEffect(() => {
    setQ(query.q); setScope(query.scope ?? ''); setPNumber(query.pNumber ?? ''); setPerson(query.person ?? '');
  }, [query.q, query.scope, query.pNumber, query.person]);
  const options = useAsync(() => (company ? api.messageFilters(mailbox.id) : Promise.resolve({ productionUnits: [], attentionPersons: [] })), [mailbox.id, company]);
  const units = options.data?.productionUnits ?? [];
  const persons = options.data?.attentionPersons ?? [];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const words = q.trim();
    const filters = { pNumber: pNumber || undefined, person: person || undefined, unhandledOnly: query.unhandledOnly };
    // without words, choosing a folder opens it
    navigate(words
      ? listPath(mailbox.id, folderId, { q: words, scope: scope || undefined, ...filters })
      : listPath(mailbox.id, scope || folderId, { q: '', scope: undefined, ...filters }));
  };
  const filtered = query.pNumber !== undefined || query.person !== undefined;

  return (
    <form role="search" className="kuvert-search" onSubmit={submit}>
      <div className="form-group">
        <label htmlFor="message-search" className="form-label">{t('list.search')}</label>
        <span className="form-hint" id="message-search-hint">{t('search.hint')}</span>
        <div className="search kuvert-search-field">
          <input className="form-input" id="message-search" name="q" type="search" value={q} maxLength={200} aria-describedby="message-search-hint"
            onChange={(e) => setQ(e.target.value)} />
          <button type="submit" className="button button-search">
            <Icon name="search" /><span>{t('list.searchButton')}</span>
          </button>
        </div>
      </div>
      <div className="kuvert-search-options">
        <div className="form-group">
          <label htmlFor="message-search-scope" className="form-label">{t('search.scope')}</label>
          <select id="message-search-scope" className="form-select" value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="">{t('search.scopeAll')}</option>
            {sortFolders(folders ?? []).map((f) => <option key={f.id} value={f.id}>{folderName(t, f)}</option>)}
          </select>
        </div>
        {company && (
          <>
            <div className="form-group">
              <label htmlFor="message-filter-unit" className="form-label">{t('filters.pUnit')}</label>
              <select id="message-filter-unit" className="form-select" value={pNumber} onChange={(e) => setPNumber(e.target.value)}>
                <option value="">{t('filters.pUnitAll')}</option>
                {units.map((u) => <option key={u.pNumber} value={u.pNumber}>{t('filters.pUnitValue', { name: u.name, pNumber: u.pNumber })}</option>)}
                {pNumber && !units.some((u) => u.pNumber === pNumber) && <option value={pNumber}>{pNumber}</option>}
              </select>
            </div>
            <div className="form-group">
              <label htmlFor="message-filter-person" className="form-label">{t('filters.person')}</label>
              <select id="message-filter-person" className="form-select" value={person} onChange={(e) => setPerson(e.target.value)}>
                <option value="">{t('filters.personAll')}</option>
                {persons.map((name) => <option key={name} value={name}>{name}</option>)}
                {person && !persons.includes(person) && <option value={person}>{person}</option>}
              </select>
            </div>
            <div className="form-group kuvert-filter-apply">
              <button type="submit" className="button button-secondary">{t('filters.apply')}</button>
            </div>
          </>
        )}
      </div>
      {(query.q || filtered) && (
        <p className="kuvert-clear-search">
          {query.q && <Link to={listPath(mailbox.id, folderId, { ...query, q: '', scope: undefined })}>{t('list.clearSearch')}</Link>}
          {filtered && <Link to={listPath(mailbox.id, folderId, { ...query, pNumber: undefined, person: undefined })}>{t('filters.clear')}</Link>}
        </p>
      )}
    </form>
  );
}
