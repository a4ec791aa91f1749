import { useId } from 'react';
import { api } from '../api.ts';
import { AsyncTable } from '../common/AsyncTable.tsx';
import { longDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { actorName, foldersText, roleName } from './roles.ts';

/** Who could see what, from when to when, who granted it and who ended it. */
export function History() {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const history = useAsync(() => api.history(organisationId), [organisationId]);

  return (
    <section className="kuvert-admin-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.section.history')}</h2>
      <p>{t('history.intro')}</p>
      <AsyncTable state={history} empty={t('history.none')} className="kuvert-history" caption={t('history.caption')}
        columns={[t('people.name'), t('people.role'), t('people.folders'), t('history.from'), t('history.to'), t('people.grantedBy'), t('history.endedBy')]}
        row={(p, i) => (
          <tr key={`${p.userId}-${p.from}-${i}`}>
            <td data-title={t('people.name')} className="kuvert-title"><strong>{p.name}</strong></td>
            <td data-title={t('people.role')}>{roleName(t, p.role)}</td>
            <td data-title={t('people.folders')}>{foldersText(t, p.folders)}</td>
            <td data-title={t('history.from')}><time dateTime={p.from}>{longDate(lang, p.from)}</time></td>
            <td data-title={t('history.to')}>{p.to ? <time dateTime={p.to}>{longDate(lang, p.to)}</time> : t('history.now')}</td>
            <td data-title={t('people.grantedBy')}>{actorName(t, p.grantedBy)}</td>
            <td data-title={t('history.endedBy')}>
              {p.endedBy ? actorName(t, p.endedBy) : '–'}
              {p.endReason && <span className="kuvert-sub">{p.endReason}</span>}
            </td>
          </tr>
        )} />
    </section>
  );
}
