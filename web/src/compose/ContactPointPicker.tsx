import { useEffect, useState } from 'react';
import { api, type ContactPoint } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { errorText } from '../common/errors.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';

/** Search the contact points (authorities' inboxes by subject) and choose one, as radio buttons. */
export function ContactPointPicker({ id, mailboxId, chosen, onChoose, error }: {
  id: string; mailboxId: string; chosen: ContactPoint | undefined; onChoose: (p: ContactPoint) => void; error: string | undefined;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [asked, setAsked] = useState('');
  const [points, setPoints] = useState<ContactPoint[]>();
  const [failure, setFailure] = useState<unknown>();

  useEffect(() => {
    let live = true;
    setFailure(undefined);
    api.contactPoints(asked, mailboxId).then((list) => { if (live) setPoints(list); }, (e: unknown) => { if (live) setFailure(e); });
    return () => { live = false; };
  }, [asked, mailboxId]);

  // the search is a part of the bigger form: Enter in the field searches instead of sending
  const search = () => setAsked(query.trim());
  const shown = points && chosen && !points.some((p) => p.id === chosen.id) ? [chosen, ...points] : points;

  return (
    <fieldset className={`kuvert-recipient${error ? ' form-error' : ''}`}>
      <legend className="h3">{t('compose.recipient')}</legend>
      <div className="form-group">
        <label className="form-label" htmlFor={`${id}-search`}>{t('compose.searchLabel')}</label>
        <span className="form-hint" id={`${id}-search-hint`}>{t('compose.searchHint')}</span>
        <div className="search kuvert-search-field">
          <input id={`${id}-search`} className="form-input" type="search" value={query} aria-describedby={`${id}-search-hint`}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); search(); } }} />
          <button type="button" className="button button-search" onClick={search}>
            <Icon name="search" /><span>{t('compose.search')}</span>
          </button>
        </div>
      </div>
      {error && <span className="form-error-message" id={`${id}-error`}><span className="sr-only">{t('app.error')}: </span>{error}</span>}
      {failure !== undefined && <Alert variant="error">{errorText(t, failure)}</Alert>}
      <div aria-live="polite">
        {shown && shown.length === 0 && <p>{t('compose.noResults')}</p>}
      </div>
      {shown && shown.length > 0 && (
        <ul className="unstyled-list kuvert-points">
          {shown.map((point, i) => {
            const inputId = i === 0 ? id : `${id}-${point.id}`;
            return (
              <li key={point.id} className="form-group-radio">
                <input type="radio" className="form-radio" name={`${id}-point`} id={inputId} value={point.id}
                  checked={chosen?.id === point.id} onChange={() => onChoose(point)}
                  aria-describedby={point.description ? `${inputId}-hint` : undefined} />
                <label className="form-label" htmlFor={inputId}>
                  {point.organisationName} – {point.name}
                </label>
                {point.description && <span className="form-hint" id={`${inputId}-hint`}>{point.description}</span>}
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}
