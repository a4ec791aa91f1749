import { useId, useRef, useState, type FormEvent } from 'react';
import { ListTable, Loaded } from '../common/AsyncTable.tsx';
import { longDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n, type Key, type T } from '../i18n.ts';
import { auditApi, auditCsvUrl, type AuditActor, type AuditCategory, type AuditEntry } from './audit-api.ts';
import { useAdmin } from './context.ts';
import { FormErrors, SelectField, TextField, useFormErrors } from './form.tsx';

/** As src/contract/audit.ts lists them. */
const CATEGORIES: readonly AuditCategory[] = [
  'mailbox', 'people', 'systems', 'secure-mail', 'contact-points', 'materials', 'folders', 'rules', 'notifications', 'emptying',
];
const PAGE_SIZE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface Filters { category: AuditCategory | ''; actor: string; from: string; to: string }
const NO_FILTERS: Filters = { category: '', actor: '', from: '', to: '' };

/** Who made a change, as people read it. */
export function whoText(t: T, actor: AuditActor): string {
  switch (actor.kind) {
    case 'user': return actor.name || t('audit.unknownPerson');
    case 'operator': return actor.name ? t('audit.who.operatorKey', { name: actor.name }) : t('audit.who.operator');
    case 'idp': return t('audit.who.idp');
    default: return actor.id === 'notification-link' ? t('audit.who.link') : t('audit.who.kuvert');
  }
}

/** The settings' values before or after a change, one per line; a dash when there were none. */
function Side({ entry, which }: { entry: AuditEntry; which: 'before' | 'after' }) {
  const { t, lang } = useI18n();
  const shown = entry.changes.filter((c) => c[which] !== null);
  if (shown.length === 0) return <span aria-label={t('audit.nothing')}>–</span>;
  return (
    <ul className="unstyled-list" style={{ margin: 0 }}>
      {shown.map((c) => <li key={c.field}><span className="kuvert-sub" style={{ display: 'inline' }}>{c.label[lang]}:</span> {c[which]![lang]}</li>)}
    </ul>
  );
}

/**
 * The audit trail (docs/audit.md): every administrative change of the organisation, newest first, a
 * page at a time, chosen by area, person and days; the same as a CSV file. Super-administrators only.
 */
export function Audit() {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  // the cursors of the pages after the first one shown so far: the last is the page shown
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const form = useFormErrors();
  const tableTop = useRef<HTMLHeadingElement>(null);
  const query = {
    ...(filters.category ? { category: filters.category } : {}), ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.from ? { from: filters.from } : {}), ...(filters.to ? { to: filters.to } : {}),
  };
  const page = useAsync(() => auditApi.page(organisationId, { ...query, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE }),
    [organisationId, filters.category, filters.actor, filters.from, filters.to, cursor]);
  const people = useAsync(() => auditApi.administrators(organisationId), [organisationId]);
  const ids = { category: `${id}-category`, actor: `${id}-actor`, from: `${id}-from`, to: `${id}-to` };

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (draft.from && !DAY.test(draft.from)) errors[ids.from] = t('audit.dateInvalid');
    if (draft.to && !DAY.test(draft.to)) errors[ids.to] = t('audit.dateInvalid');
    if (!errors[ids.from] && !errors[ids.to] && draft.from && draft.to && draft.from > draft.to) errors[ids.from] = t('audit.periodOrder');
    if (form.show(errors)) {
      setFilters(draft);
      setCursors([]);
    }
  }

  const turn = (next: string[]) => {
    setCursors(next);
    tableTop.current?.focus();
  };

  const members = (people.data?.roles.flatMap((r) => r.people) ?? [])
    .concat(people.data?.folders.flatMap((f) => f.people) ?? [])
    .filter((p, i, all) => all.findIndex((q) => q.userId === p.userId) === i)
    .sort((a, b) => a.name.localeCompare(b.name, lang));
  const pageNumber = cursors.length + 1;

  return (
    <section className="kuvert-admin-section kuvert-audit" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.section.audit')}</h2>
      <p>{t('audit.intro')}</p>
      <form noValidate onSubmit={submit} aria-labelledby={`${id}-form`}>
        <h3 id={`${id}-form`} className="h4">{t('audit.filters')}</h3>
        <FormErrors form={form} />
        <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 24, rowGap: 8, alignItems: 'flex-start' }}>
          <div style={{ maxWidth: '100%' }}>
            <SelectField id={ids.category} label={t('audit.category')} error={undefined} value={draft.category}
              onChange={(e) => setDraft((d) => ({ ...d, category: e.target.value as Filters['category'] }))}>
              <option value="">{t('audit.category.all')}</option>
              {CATEGORIES.map((c) => <option key={c} value={c}>{t(`audit.category.${c}` as Key)}</option>)}
            </SelectField>
          </div>
          <div style={{ maxWidth: '100%' }}>
            <SelectField id={ids.actor} label={t('audit.actor')} error={undefined} value={draft.actor}
              onChange={(e) => setDraft((d) => ({ ...d, actor: e.target.value }))}>
              <option value="">{t('audit.actor.all')}</option>
              {members.length > 0 && (
                <optgroup label={t('audit.actor.people')}>
                  {members.map((p) => <option key={p.userId} value={`user:${p.userId}`}>{p.name}</option>)}
                </optgroup>
              )}
              <option value="operator">{t('audit.actor.operator')}</option>
              <option value="idp">{t('audit.actor.idp')}</option>
              <option value="kuvert">{t('audit.actor.kuvert')}</option>
            </SelectField>
          </div>
          <div>
            <TextField id={ids.from} type="date" label={t('audit.from')} hint={t('audit.dateHint')} error={form.errors[ids.from]} value={draft.from}
              className="form-input input-width-s" onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))} />
          </div>
          <div>
            <TextField id={ids.to} type="date" label={t('audit.to')} error={form.errors[ids.to]} value={draft.to}
              className="form-input input-width-s" onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} />
          </div>
        </div>
        <p style={{ marginTop: 16 }}><button type="submit" className="button button-primary">{t('audit.show')}</button></p>
      </form>

      <p>
        <a className="button button-secondary" href={auditCsvUrl(organisationId, { ...query, lang })} download aria-describedby={`${id}-csv`}>{t('audit.download')}</a>
        <span id={`${id}-csv`} className="form-hint" style={{ display: 'block' }}>{t('audit.downloadHint')}</span>
      </p>

      <h3 id={`${id}-table`} ref={tableTop} tabIndex={-1} className="h4">{t('audit.caption')}</h3>
      <Loaded state={page}>
        {(data) => (
          <>
            <p className="sr-only" role="status">
              {data.entries.length === 1 ? t('audit.pageStatusOne', { n: pageNumber }) : t('audit.pageStatus', { n: pageNumber, count: data.entries.length })}
            </p>
            <ListTable items={data.entries} empty={t('audit.none')} className="kuvert-audit-table" caption={t('audit.caption')}
              columns={[t('audit.when'), t('audit.who'), t('audit.what'), t('audit.before'), t('audit.after')]}
              row={(entry) => (
                <tr key={entry.id} data-type={entry.type}>
                  <td data-title={t('audit.when')}><time dateTime={entry.at}>{longDate(lang, entry.at)}</time></td>
                  <td data-title={t('audit.who')} style={{ overflowWrap: 'anywhere' }}>
                    {whoText(t, entry.actor)}
                    {entry.actor.userId && <span className="kuvert-sub" style={{ display: 'block' }}>{t('audit.userId', { id: entry.actor.userId })}</span>}
                  </td>
                  <td data-title={t('audit.what')} className="kuvert-title" style={{ overflowWrap: 'anywhere' }}>
                    {entry.what[lang]}
                    <span className="kuvert-sub" style={{ display: 'block' }}>{t(`audit.category.${entry.category}` as Key)}</span>
                  </td>
                  <td data-title={t('audit.before')} style={{ overflowWrap: 'anywhere' }}><Side entry={entry} which="before" /></td>
                  <td data-title={t('audit.after')} style={{ overflowWrap: 'anywhere' }}><Side entry={entry} which="after" /></td>
                </tr>
              )} />
            {(cursors.length > 0 || data.next) && (
              <nav aria-label={t('audit.pages')} style={{ display: 'flex', flexWrap: 'wrap', gap: 16, marginTop: 16 }}>
                {cursors.length > 0 && (
                  <button type="button" className="button button-secondary" onClick={() => turn(cursors.slice(0, -1))}>{t('audit.newer')}</button>
                )}
                {data.next && (
                  <button type="button" className="button button-secondary" onClick={() => turn([...cursors, data.next!])}>{t('audit.older')}</button>
                )}
              </nav>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
