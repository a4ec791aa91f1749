import { useId, useState, type FormEvent } from 'react';
import { api, statisticsCsvUrl, type StatisticsBy, type StatisticsDirection, type StatisticsQuery, type StatisticsView } from '../api.ts';
import { Loaded } from '../common/AsyncTable.tsx';
import { useAsync } from '../common/useAsync.ts';
import { locale, useI18n, type Key, type Lang, type T } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { FormErrors, SelectField, useFormErrors } from './form.tsx';
import { seriesOf, StatisticsChart } from './StatisticsChart.tsx';

/** As the server allows (src/contract/statistics.ts STATISTICS_MAX_MONTHS). */
const MAX_MONTHS = 60;
/** How far back the month pickers go. */
const PICKABLE_MONTHS = 120;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOfIndex = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/** This month in Denmark, `YYYY-MM`. */
function currentMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit' }).format(new Date());
}

const asDate = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1));
const monthLong = (lang: Lang, month: string) => new Intl.DateTimeFormat(locale(lang), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(asDate(month));
const monthShort = (lang: Lang, month: string) => new Intl.DateTimeFormat(locale(lang), { timeZone: 'UTC', month: 'short', year: '2-digit' }).format(asDate(month));

type Query = Required<StatisticsQuery>;

/** A row's name: its group, material or sender, or what letters without one are called. */
export function rowName(t: T, by: StatisticsBy, row: StatisticsView['rows'][number]): string {
  if (row.id === null) return t(by === 'group' ? 'stats.noGroup' : by === 'material' ? 'stats.noMaterial' : 'stats.noSender');
  return row.name ?? t('stats.unknown');
}

/**
 * An organisation's letters per month (docs/statistics.md): choose received or sent, by what and which
 * months; a chart, the table with every figure and the totals, and the same as a CSV file.
 */
export function Statistics() {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const now = currentMonth();
  const initial: Query = { direction: 'received', by: 'group', from: monthOfIndex(monthIndex(now) - 11), to: now };
  const [query, setQuery] = useState<Query>(initial);
  const [draft, setDraft] = useState<Query>(initial);
  const form = useFormErrors();
  const stats = useAsync(() => api.statistics(organisationId, query), [organisationId, query.direction, query.by, query.from, query.to]);

  const months = Array.from({ length: PICKABLE_MONTHS }, (_, i) => monthOfIndex(monthIndex(now) - i));
  const byOptions: StatisticsBy[] = draft.direction === 'sent' ? ['group', 'material'] : ['group', 'material', 'sender'];
  const ids = { direction: `${id}-direction`, by: `${id}-by`, from: `${id}-from`, to: `${id}-to` };

  function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    if (monthIndex(draft.from) > monthIndex(draft.to)) errors[ids.from] = t('stats.periodOrder');
    else if (monthIndex(draft.to) - monthIndex(draft.from) + 1 > MAX_MONTHS) errors[ids.from] = t('stats.periodLong', { n: MAX_MONTHS });
    if (form.show(errors)) setQuery(draft);
  }

  const changeDirection = (direction: StatisticsDirection) =>
    setDraft((d) => ({ ...d, direction, by: direction === 'sent' && d.by === 'sender' ? 'group' : d.by }));

  return (
    <section className="kuvert-admin-section kuvert-stats" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.section.statistics')}</h2>
      <p>{t('stats.intro')}</p>
      <form noValidate onSubmit={submit} aria-labelledby={`${id}-form`}>
        <h3 id={`${id}-form`} className="h4">{t('stats.choose')}</h3>
        <FormErrors form={form} />
        {/* each field in its own box: side by side, none pushed down by the margin DKFDS puts between adjacent fields */}
        <div style={{ display: 'flex', flexWrap: 'wrap', columnGap: 24, rowGap: 8, alignItems: 'flex-start' }}>
          <div>
            <SelectField id={ids.direction} label={t('stats.direction')} error={form.errors[ids.direction]} value={draft.direction}
              onChange={(e) => changeDirection(e.target.value as StatisticsDirection)}>
              {(['received', 'sent'] as const).map((d) => <option key={d} value={d}>{t(`stats.direction.${d}`)}</option>)}
            </SelectField>
          </div>
          <div>
            <SelectField id={ids.by} label={t('stats.by')} error={form.errors[ids.by]} value={draft.by}
              hint={draft.direction === 'sent' ? t('stats.sentBySender') : undefined}
              onChange={(e) => setDraft((d) => ({ ...d, by: e.target.value as StatisticsBy }))}>
              {byOptions.map((b) => <option key={b} value={b}>{t(`stats.by.${b}`)}</option>)}
            </SelectField>
          </div>
          <div>
            <SelectField id={ids.from} label={t('stats.from')} error={form.errors[ids.from]} value={draft.from}
              onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}>
              {months.map((m) => <option key={m} value={m}>{monthLong(lang, m)}</option>)}
            </SelectField>
          </div>
          <div>
            <SelectField id={ids.to} label={t('stats.to')} error={form.errors[ids.to]} value={draft.to}
              onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}>
              {months.map((m) => <option key={m} value={m}>{monthLong(lang, m)}</option>)}
            </SelectField>
          </div>
        </div>
        <p style={{ marginTop: 16 }}><button type="submit" className="button button-primary">{t('stats.show')}</button></p>
      </form>

      <Loaded state={stats}>
        {(view) => <Figures view={view} />}
      </Loaded>
    </section>
  );
}

/** What one answer shows: the heading with the total, the download, the chart and the table. */
function Figures({ view }: { view: StatisticsView }) {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const number = new Intl.NumberFormat(locale(lang));
  const caption = t(`stats.caption.${view.direction}.${view.by}` as Key);
  const period = t('stats.period', { from: monthLong(lang, view.from), to: monthLong(lang, view.to) });
  const total = view.total === 1 ? t('stats.totalLettersOne') : t('stats.totalLetters', { n: number.format(view.total) });
  const name = (row: StatisticsView['rows'][number]) => rowName(t, view.by, row);
  const withOrganisation = view.by !== 'sender' && view.direction === 'received';
  const csv = statisticsCsvUrl(organisationId, { direction: view.direction, by: view.by, from: view.from, to: view.to, lang });
  // narrow number columns, so that a year and its total fit beside the names on a desktop
  const right = { textAlign: 'right' as const, whiteSpace: 'nowrap' as const, paddingLeft: '0.8rem', paddingRight: '0.8rem' };

  return (
    <div className="kuvert-stats-figures">
      <h3 id={`${id}-h`}>{caption}, {period}</h3>
      <p className="font-lead">{total}</p>
      <p className="sr-only" aria-live="polite">{t('stats.loaded', { caption, period, total })}</p>
      <p>
        <a className="button button-secondary" href={csv} download aria-describedby={`${id}-csv`}>{t('stats.download')}</a>
        <span id={`${id}-csv`} className="form-hint" style={{ display: 'block' }}>{t('stats.downloadHint')}</span>
      </p>
      {view.rows.length === 0
        ? <p className="kuvert-empty">{t('stats.none')}</p>
        : (
          <>
            <h4 className="h5">{t('stats.chart')}</h4>
            <StatisticsChart view={view} series={seriesOf(view, name, t('stats.others'))} title={t('stats.chartTitle', { caption })}
              monthLabel={(m) => monthLong(lang, m)} shortMonth={(m) => monthShort(lang, m)} />
            <h4 className="h5">{t('stats.table')}</h4>
            {/* position: relative keeps the screen-reader-only texts (absolutely placed) inside the box that scrolls */}
            <div role="region" aria-label={t('stats.tableRegion', { caption })} tabIndex={0} style={{ overflowX: 'auto', maxWidth: '100%', position: 'relative' }}>
              <table className="table table--compact kuvert-stats-table">
                <caption className="sr-only">{caption}, {period}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`stats.by.${view.by}` as Key)}</th>
                    {view.months.map((m) => (
                      <th key={m} scope="col" style={right}>
                        <span aria-hidden="true">{monthShort(lang, m)}</span><span className="sr-only">{monthLong(lang, m)}</span>
                      </th>
                    ))}
                    <th scope="col" style={right}>{t('stats.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.rows.map((row) => (
                    <tr key={row.id ?? 'none'}>
                      <th scope="row" style={{ minWidth: '10rem' }}>
                        {name(row)}
                        {row.code && <span className="kuvert-sub" style={{ display: 'block', fontWeight: 'normal' }}>{row.code}</span>}
                        {withOrganisation && row.organisation && (
                          <span className="kuvert-sub" style={{ display: 'block', fontWeight: 'normal' }}>{row.organisation.name}</span>
                        )}
                        {view.by === 'sender' && row.organisation && (
                          <span className="kuvert-sub" style={{ display: 'block', fontWeight: 'normal' }}>{t('header.cvr', { cvr: row.organisation.cvr })}</span>
                        )}
                      </th>
                      {row.counts.map((n, i) => <td key={view.months[i]} style={right}>{number.format(n)}</td>)}
                      <td style={{ ...right, fontWeight: 'bold' }}>{number.format(row.total)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('stats.total')}</th>
                    {view.totals.map((n, i) => <td key={view.months[i]} style={{ ...right, fontWeight: 'bold' }}>{number.format(n)}</td>)}
                    <td style={{ ...right, fontWeight: 'bold' }}>{number.format(view.total)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        )}
    </div>
  );
}
