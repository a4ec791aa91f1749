import type { OrganisationAdmin } from '../api.ts';
import { useMediaQuery, WIDE } from '../common/useMediaQuery.ts';
import { useI18n, type Key } from '../i18n.ts';
import { Link, paths, type AdminSection } from '../router.tsx';

/** The administration's pages in groups, so that fourteen of them can be found (the overview stands alone first). */
export type AdminGroup = 'people' | 'mailbox' | 'connections' | 'oversight';
const GROUPS: readonly (readonly [AdminGroup, readonly AdminSection[]])[] = [
  ['people', ['people', 'requests', 'history']],
  ['mailbox', ['rules', 'notifications', 'emptying', 'statistics']],
  ['connections', ['systems', 'contactPoints', 'certificates', 'monitoring']],
  ['oversight', ['audit', 'administrators']],
];

/** The sections the caller may see, grouped; empty groups left out. */
export function groupedSections(sections: readonly AdminSection[]): [AdminGroup, AdminSection[]][] {
  return GROUPS.map(([group, members]) => [group, members.filter((s) => sections.includes(s))] as [AdminGroup, AdminSection[]])
    .filter(([, members]) => members.length > 0);
}

/**
 * The administration's side menu: beside the page from DKFDS's lg breakpoint, above it (folded, naming
 * the current page) on narrower screens, as the mailbox's folders are.
 */
export function AdminNav({ organisationId, org, sections, current }: {
  organisationId: string; org: OrganisationAdmin; sections: readonly AdminSection[]; current: AdminSection;
}) {
  const { t } = useI18n();
  const wide = useMediaQuery(WIDE);
  const item = (s: AdminSection) => (
    <li key={s} className={s === current ? 'active current' : undefined}>
      <Link to={paths.admin(organisationId, s)} className="nav-link" aria-current={s === current ? 'page' : undefined}>
        <span>
          {t(`admin.section.${s}` as Key)}
          {s === 'requests' && org.pendingRequests > 0 && <> <span className="kuvert-count">({org.pendingRequests})</span></>}
        </span>
      </Link>
    </li>
  );
  const nav = (
    <nav className="kuvert-admin-nav" aria-label={t('admin.sections')}>
      {sections.includes('overview') && <ul className="sidemenu">{item('overview')}</ul>}
      {groupedSections(sections).map(([group, members]) => (
        <div key={group} className="kuvert-admin-group">
          <h2 className="kuvert-admin-group-heading" id={`admin-group-${group}`}>{t(`admin.group.${group}` as Key)}</h2>
          <ul className="sidemenu" aria-labelledby={`admin-group-${group}`}>{members.map(item)}</ul>
        </div>
      ))}
    </nav>
  );
  if (wide) return nav;
  return (
    <details className="details kuvert-admin-nav-details">
      <summary className="details-summary">{t('admin.navSummary', { section: t(`admin.section.${current}` as Key) })}</summary>
      <div className="details-text">{nav}</div>
    </details>
  );
}
