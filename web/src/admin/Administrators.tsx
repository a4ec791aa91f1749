import { useId } from 'react';
import { ListTable, Loaded } from '../common/AsyncTable.tsx';
import { dayDate, longDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n, type Key } from '../i18n.ts';
import { auditApi, type AdministeredFolder, type AdministeringPerson } from './audit-api.ts';
import { useAdmin } from './context.ts';
import { actorName, roleName } from './roles.ts';

/** People as a table: name, role (when it varies), since when, granted by, last login. */
function People({ people, caption, withRole = false }: { people: readonly AdministeringPerson[]; caption: string; withRole?: boolean }) {
  const { t, lang } = useI18n();
  const columns = [t('people.name'), ...(withRole ? [t('people.role')] : []), t('people.since'), t('people.grantedBy'), t('admins.lastLogin')];
  return (
    <ListTable items={people} empty={t('admins.none')} className="kuvert-administrators" caption={caption} columns={columns}
      row={(p) => (
        <tr key={p.userId}>
          <td data-title={t('people.name')} className="kuvert-title"><strong>{p.name}</strong></td>
          {withRole && <td data-title={t('people.role')}>{roleName(t, p.role)}</td>}
          <td data-title={t('people.since')}><time dateTime={p.since}>{dayDate(lang, p.since)}</time></td>
          <td data-title={t('people.grantedBy')}>{actorName(t, p.grantedBy)}</td>
          <td data-title={t('admins.lastLogin')}>{p.lastLoginAt ? <time dateTime={p.lastLoginAt}>{longDate(lang, p.lastLoginAt)}</time> : t('admins.never')}</td>
        </tr>
      )} />
  );
}

function Folder({ folder }: { folder: AdministeredFolder }) {
  const { t, lang } = useI18n();
  const name = folder.kind === 'USER' ? folder.name : t(`folder.${folder.kind}` as Key);
  const responsible = folder.responsible;
  const who = responsible
    ? [responsible.person?.name, responsible.unit ? t('admins.unit', { unit: responsible.unit }) : undefined].filter(Boolean).join(', ') || t('admins.none')
    : undefined;
  return (
    <div className="kuvert-administered-folder">
      <h4 className="h5">{name}</h4>
      <p>
        <strong>{t('admins.responsible')}:</strong>{' '}
        {responsible
          ? t('admins.responsibleText', { who: who!, hours: responsible.thresholdHours, since: dayDate(lang, responsible.since) })
          : t('admins.noResponsible')}
      </p>
      {folder.people.length === 0
        ? <p className="kuvert-empty">{t('admins.noLimited')}</p>
        : <People people={folder.people} caption={t('admins.limitedCaption', { folder: name })} withRole />}
    </div>
  );
}

/**
 * Who administers what (docs/audit.md): every person with a role in the organisation, by what they
 * administer — the whole organisation, strongest role first, or some folders — and who empties each
 * folder. Super-administrators only.
 */
export function Administrators() {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const view = useAsync(() => auditApi.administrators(organisationId), [organisationId]);
  return (
    <section className="kuvert-admin-section kuvert-administrators-page" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.section.administrators')}</h2>
      <p>{t('admins.intro')}</p>
      <Loaded state={view}>
        {(data) => (
          <>
            <h3>{t('admins.organisation')}</h3>
            {data.roles.map((group) => {
              const title = t(`admins.group.${group.role}` as Key);
              return (
                <div key={group.role} className="kuvert-administrators-group">
                  <h4 className="h5">{title}</h4>
                  <People people={group.people} caption={t('admins.groupCaption', { group: title })} />
                </div>
              );
            })}
            <h3>{t('admins.folders')}</h3>
            <p>{t('admins.foldersIntro')}</p>
            {data.folders.map((folder) => <Folder key={folder.id} folder={folder} />)}
          </>
        )}
      </Loaded>
    </section>
  );
}
