import { useId, useState } from 'react';
import type { MonitoringExplanation, MonitoringView, SystemMonitoring } from '../../../src/contract/index.ts';
import { apiRequest } from '../api.ts';
import { Loaded, ListTable } from '../common/AsyncTable.tsx';
import { dayDate, longDate } from '../common/format.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n, type Key, type Lang, type T } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { SelectField } from './form.tsx';
import { ageText } from './roles.ts';

const PERIODS = [7, 30, 90] as const;

/** The error view of the organisation's systems (docs/monitoring.md). */
const monitoring = (organisationId: string, days: number) =>
  apiRequest<MonitoringView>('GET', `/api/admin/organisations/${encodeURIComponent(organisationId)}/monitoring?days=${days}`);

/**
 * "Fejl og kø" (docs/monitoring.md), for the organisation's administrators: per system, what it sent
 * per day by receipt status and error code, its last refusals with the reason in plain words and
 * what to change, letters to recipients who became exempt or closed; a recipient system's queue and
 * FAILED business receipts.
 */
export function Monitoring() {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const [days, setDays] = useState<number>(30);
  const view = useAsync(() => monitoring(organisationId, days), [organisationId, days]);

  return (
    <section className="kuvert-admin-section kuvert-monitoring" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.section.monitoring')}</h2>
      <p>{t('monitoring.intro')}</p>
      <SelectField id={`${id}-days`} label={t('monitoring.period')} error={undefined} value={days} onChange={(e) => setDays(Number(e.target.value))}>
        {PERIODS.map((n) => <option key={n} value={n}>{t('monitoring.days', { n })}</option>)}
      </SelectField>
      <Loaded state={view}>
        {(data) => (
          <>
            <p className="kuvert-sub">{t('monitoring.periodText', { from: dayDate(lang, data.from), to: dayDate(lang, data.to) })}</p>
            {data.systems.length === 0 && <p className="kuvert-empty">{t('monitoring.noSystems')}</p>}
            {data.systems.map((system) => <SystemPart key={system.id} system={system} />)}
          </>
        )}
      </Loaded>
    </section>
  );
}

const text = (lang: Lang, explanation: MonitoringExplanation | null | undefined, part: 'reason' | 'change') => explanation?.[part][lang] ?? '';

function SystemPart({ system }: { system: SystemMonitoring }) {
  const { t, lang } = useI18n();
  const id = useId();
  return (
    <section className="kuvert-monitoring-system" aria-labelledby={`${id}-h`} data-system-id={system.id}>
      <h3 id={`${id}-h`}>{system.name}</h3>
      <p className="kuvert-sub">
        {t(`monitoring.kind.${system.kind}` as Key)}
        {system.status === 'disabled' && <> · {t('monitoring.disabled')}</>}
      </p>
      {system.sends && <Sends system={system} sends={system.sends} t={t} lang={lang} />}
      {system.queue && <Queue system={system} queue={system.queue} t={t} lang={lang} />}
    </section>
  );
}

function Sends({ system, sends, t, lang }: { system: SystemMonitoring; sends: NonNullable<SystemMonitoring['sends']>; t: T; lang: Lang }) {
  const active = sends.days.filter((d) => d.received + d.invalid + d.notAllowed > 0);
  const sum = (key: 'received' | 'invalid' | 'notAllowed') => sends.days.reduce((n, d) => n + d[key], 0);
  return (
    <>
      <p className="kuvert-monitoring-summary">{t('monitoring.summary', { received: sum('received'), invalid: sum('invalid'), notAllowed: sum('notAllowed') })}</p>
      <h4>{t('monitoring.perDay')}</h4>
      {active.length > 0 && <p className="kuvert-sub">{t('monitoring.onlyActiveDays')}</p>}
      <ListTable items={active} empty={t('monitoring.noSends')} className="kuvert-monitoring-days" caption={t('monitoring.perDayCaption', { system: system.name })}
        columns={[t('monitoring.day'), t('monitoring.received'), t('monitoring.invalid'), t('monitoring.notAllowed'), t('monitoring.codes')]}
        row={(d) => (
          <tr key={d.day} data-day={d.day}>
            <td data-title={t('monitoring.day')}>{dayDate(lang, d.day)}</td>
            <td data-title={t('monitoring.received')}>{d.received}</td>
            <td data-title={t('monitoring.invalid')}>{d.invalid}</td>
            <td data-title={t('monitoring.notAllowed')}>{d.notAllowed}</td>
            <td data-title={t('monitoring.codes')}>
              {d.codes.length === 0 ? '–' : (
                <ul className="unstyled-list">{d.codes.map((c) => <li key={`${c.status}-${c.errorCode}`}><code>{c.errorCode}</code>: {c.count}</li>)}</ul>
              )}
            </td>
          </tr>
        )} />
      <h4>{t('monitoring.refusals')}</h4>
      <ListTable items={sends.refusals} empty={t('monitoring.noRefusals')} className="kuvert-monitoring-refusals" caption={t('monitoring.refusalsCaption', { system: system.name })}
        columns={[t('monitoring.when'), t('monitoring.error'), t('monitoring.reason'), t('monitoring.change')]}
        row={(r, i) => (
          <tr key={i} data-error-code={r.errorCode}>
            <td data-title={t('monitoring.when')}><time dateTime={r.at}>{longDate(lang, r.at)}</time></td>
            <td data-title={t('monitoring.error')}>
              <code>{r.errorCode}</code>
              <span className="kuvert-sub">{r.status}</span>
              {r.messageUUID && <span className="kuvert-sub">{t('monitoring.letter', { uuid: r.messageUUID })}</span>}
            </td>
            <td data-title={t('monitoring.reason')} className="kuvert-monitoring-reason">
              {text(lang, r.explanation, 'reason')}
              {r.firstIssue && (
                <span className="kuvert-sub">
                  {t('monitoring.firstIssue', { code: r.firstIssue.code, path: r.firstIssue.path || '/' })}
                  {r.firstIssue.explanation && <> – {text(lang, r.firstIssue.explanation, 'reason')}</>}
                </span>
              )}
              {r.issues > 1 && <span className="kuvert-sub">{t('monitoring.moreIssues', { n: r.issues })}</span>}
            </td>
            <td data-title={t('monitoring.change')} className="kuvert-monitoring-change">
              {text(lang, r.explanation, 'change')}
              {r.firstIssue?.explanation && <span className="kuvert-sub">{text(lang, r.firstIssue.explanation, 'change')}</span>}
            </td>
          </tr>
        )} />
      <h4>{t('monitoring.unreachable')}</h4>
      <p>{t('monitoring.unreachableIntro')}</p>
      {sends.unreachableTotal > sends.unreachable.length && (
        <p className="kuvert-sub">{t('monitoring.unreachableMore', { shown: sends.unreachable.length, total: sends.unreachableTotal })}</p>
      )}
      <ListTable items={sends.unreachable} empty={t('monitoring.noUnreachable')} className="kuvert-monitoring-unreachable"
        caption={t('monitoring.unreachableCaption', { system: system.name })}
        columns={[t('monitoring.recipient'), t('monitoring.sent'), t('monitoring.reason'), t('monitoring.change')]}
        row={(u) => (
          <tr key={u.messageUUID} data-message-uuid={u.messageUUID}>
            <td data-title={t('monitoring.recipient')}>
              {u.recipient.idType} {u.recipient.id}
              {u.recipient.name && <span className="kuvert-sub">{u.recipient.name}</span>}
            </td>
            <td data-title={t('monitoring.sent')}>
              <time dateTime={u.receivedAt}>{longDate(lang, u.receivedAt)}</time>
              <span className="kuvert-sub">{t('monitoring.letter', { uuid: u.messageUUID })}</span>
              {u.messageId && <span className="kuvert-sub">{t('monitoring.messageId', { id: u.messageId })}</span>}
            </td>
            <td data-title={t('monitoring.reason')}>
              <span className="badge badge-warning">{u.reason === 'exempt' ? t('monitoring.exempt') : t('monitoring.closed')}</span>
              {u.since && <span className="kuvert-sub">{t(u.reason === 'exempt' ? 'monitoring.sinceExempt' : 'monitoring.sinceClosed', { date: dayDate(lang, u.since) })}</span>}
              <span className="kuvert-sub">{text(lang, u.explanation, 'reason')}</span>
            </td>
            <td data-title={t('monitoring.change')}>{text(lang, u.explanation, 'change')}</td>
          </tr>
        )} />
    </>
  );
}

function Queue({ system, queue, t, lang }: { system: SystemMonitoring; queue: NonNullable<SystemMonitoring['queue']>; t: T; lang: Lang }) {
  const age = queue.oldestWaitingAt ? ageText(t, queue.oldestWaitingAt) : '';
  return (
    <>
      <h4>{t('monitoring.queue')}</h4>
      <p className="kuvert-monitoring-queue">
        {queue.waiting === 0 ? t('monitoring.waitingNone') : queue.waiting === 1 ? t('monitoring.waitingOne', { age }) : t('monitoring.waitingN', { n: queue.waiting, age })}
        {' '}
        {queue.lastFetchedAt ? t('monitoring.lastFetch', { date: longDate(lang, queue.lastFetchedAt) }) : t('monitoring.neverFetched')}
      </p>
      <h4>{t('monitoring.failed')}</h4>
      {queue.failedTotal > 0 && <p>{t('monitoring.failedIntro', { total: queue.failedTotal, row: queue.failedInARow })}</p>}
      <ListTable items={queue.failed} empty={t('monitoring.noFailed')} className="kuvert-monitoring-failed" caption={t('monitoring.failedCaption', { system: system.name })}
        columns={[t('monitoring.when'), t('monitoring.failedCode'), t('monitoring.failedMessage')]}
        row={(f, i) => (
          <tr key={i}>
            <td data-title={t('monitoring.when')}>
              <time dateTime={f.at}>{longDate(lang, f.at)}</time>
              <span className="kuvert-sub">{t('monitoring.letter', { uuid: f.messageUUID })}</span>
            </td>
            <td data-title={t('monitoring.failedCode')}>{f.errorCode ? <code>{f.errorCode}</code> : '–'}</td>
            <td data-title={t('monitoring.failedMessage')}>{f.errorMessage ?? '–'}</td>
          </tr>
        )} />
    </>
  );
}
