import { useEffect, useId, useRef, useState } from 'react';
import { api, type RuleChoices, type RuleList, type RuleRunView, type RuleView } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { Loaded, ListTable } from '../common/AsyncTable.tsx';
import { longDate } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useAsync } from '../common/useAsync.ts';
import { useI18n } from '../i18n.ts';
import { Link, paths } from '../router.tsx';
import { useAdmin } from './context.ts';
import { ConfirmStep, RowAction, useStatus, type StatusApi } from './form.tsx';
import { ruleErrorText } from './rules/problems.ts';
import { RuleEditor } from './rules/RuleEditor.tsx';
import './rules/rules.css';

/**
 * The mailbox's rules (docs/rules.md), for the organisation's administrators: the rules in the order
 * they run, each as a plain sentence, moved up and down, switched, changed, deleted; a new rule written
 * and tried on the last letters before it is saved; the rules applied again to the letters in Indbakke,
 * with a count first and an undo afterwards. A standard mailbox shows its rules without changing them.
 */
export function Rules() {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const list = useAsync(() => api.rules(organisationId), [organisationId]);
  // the list as the last change answered it, until the next load
  const [fresh, setFresh] = useState<RuleList>();
  useEffect(() => setFresh(undefined), [list.data]);
  const data = fresh ?? list.data;
  const status = useStatus();
  const [editing, setEditing] = useState<{ rule: RuleView | undefined; n: number }>();
  const [deleting, setDeleting] = useState<RuleView>();
  const [busy, setBusy] = useState(false);
  const newButton = useRef<HTMLButtonElement>(null);

  const open = (rule: RuleView | undefined) => {
    status.clear();
    setDeleting(undefined);
    setEditing((e) => ({ rule, n: (e?.n ?? 0) + 1 }));
  };

  async function remove(rule: RuleView) {
    setBusy(true);
    const ok = await status.run(() => api.deleteRule(organisationId, rule.id), t('ruleAdmin.deleted', { name: rule.name }));
    setBusy(false);
    if (ok) {
      setDeleting(undefined);
      if (editing?.rule?.id === rule.id) setEditing(undefined);
      // gone from the list at once, not only when it has been fetched again
      if (data) setFresh({ ...data, rules: data.rules.filter((r) => r.id !== rule.id) });
      list.reload();
    }
  }

  return (
    <>
      <section className="kuvert-admin-section kuvert-sortrules" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t('admin.section.rules')}</h2>
        <p>{t('ruleAdmin.intro')}</p>
        {data && !data.editable && <Alert variant="info">{t('ruleAdmin.standard')}</Alert>}
        {status.node}
        <Loaded state={{ data, error: list.error }}>
          {(loaded) => (
            <RuleItems data={loaded} status={status} onOrdered={setFresh} onEdit={open}
              onDelete={(rule) => { status.clear(); setEditing(undefined); setDeleting(rule); }} />
          )}
        </Loaded>
        {deleting && (
          <ConfirmStep key={deleting.id} heading={t('ruleAdmin.deleteHeading', { name: deleting.name })} confirm={t('ruleAdmin.delete')} busy={busy}
            onConfirm={() => void remove(deleting)} onCancel={() => setDeleting(undefined)}>
            <p>{t('ruleAdmin.deleteExplain')}</p>
          </ConfirmStep>
        )}
        {data?.editable && !editing && (
          <p className="kuvert-sortrule-new">
            <button ref={newButton} type="button" className="button button-primary" onClick={() => open(undefined)}>
              <Icon name="plus" />{t('ruleAdmin.new')}
            </button>
          </p>
        )}
        {data?.editable && editing && (
          <RuleEditor key={editing.n} organisationId={organisationId} rule={editing.rule} choices={data.choices}
            onCancel={() => { setEditing(undefined); setTimeout(() => newButton.current?.focus(), 0); }}
            onSaved={(saved, created) => {
              setEditing(undefined);
              status.say('success', t(created ? 'ruleAdmin.created' : 'ruleAdmin.saved', { name: saved.name }));
              list.reload();
            }} />
        )}
      </section>
      {data?.editable && <ApplySection runs={data.runs} choices={data.choices} reload={list.reload} />}
    </>
  );
}

/** The rules in the order they run; the rules page's own rules can be moved, changed and deleted. */
function RuleItems({ data, status, onOrdered, onEdit, onDelete }: {
  data: RuleList; status: StatusApi; onOrdered: (list: RuleList) => void; onEdit: (rule: RuleView) => void; onDelete: (rule: RuleView) => void;
}) {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const moving = useRef(false);
  const [moved, setMoved] = useState<string>();
  /** the button that is to have the focus once the list shows the new order */
  const focusAfterMove = useRef<string | undefined>(undefined);
  const own = data.rules.filter((r) => r.origin === 'rules');

  // after a move the focus stays with the rule's button (or the other one when the rule reached an end)
  useEffect(() => {
    const wanted = focusAfterMove.current;
    if (!wanted) return;
    focusAfterMove.current = undefined;
    const button = document.getElementById(wanted) as HTMLButtonElement | null;
    const other = document.getElementById(wanted.replace(/-(up|down)$/, (_m, dir: string) => (dir === 'up' ? '-down' : '-up'))) as HTMLButtonElement | null;
    (button && !button.disabled ? button : other)?.focus();
  }, [data]);

  async function move(rule: RuleView, by: -1 | 1) {
    // one move at a time; the buttons stay enabled so that the focus stays on them
    if (moving.current) return;
    const at = own.findIndex((r) => r.id === rule.id);
    const ids = own.map((r) => r.id);
    [ids[at], ids[at + by]] = [ids[at + by]!, ids[at]!];
    moving.current = true;
    try {
      const answer = await api.orderRules(organisationId, ids);
      focusAfterMove.current = `rule-${rule.id}-${by < 0 ? 'up' : 'down'}`;
      onOrdered(answer);
      const place = answer.rules.findIndex((r) => r.id === rule.id) + 1;
      setMoved(t('ruleAdmin.movedTo', { name: rule.name, n: place }));
    } catch (error) {
      status.say('error', ruleErrorText(t, error));
    } finally {
      moving.current = false;
    }
  }

  if (data.rules.length === 0) return <p className="kuvert-empty">{t(data.editable ? 'ruleAdmin.none' : 'ruleAdmin.noneStandard')}</p>;
  return (
    <>
      <p className="sr-only" aria-live="polite">{moved}</p>
      <ol className="kuvert-sortrule-list no-max-width" aria-label={t('ruleAdmin.listLabel')}>
        {data.rules.map((rule, i) => {
          const mine = rule.origin === 'rules';
          const at = own.findIndex((r) => r.id === rule.id);
          return (
            <li key={rule.id} className={`kuvert-sortrule${rule.enabled ? '' : ' kuvert-sortrule--off'}`} data-rule-id={rule.id}>
              <div className="kuvert-sortrule-head">
                <h3 className="h5 kuvert-sortrule-name">{t('ruleAdmin.numbered', { n: i + 1, name: rule.name })}</h3>
                <span className="kuvert-sortrule-badges">
                  <span className={`badge ${rule.enabled ? 'badge-success' : ''} kuvert-status`} data-enabled={rule.enabled}>
                    {t(rule.enabled ? 'ruleAdmin.on' : 'ruleAdmin.off')}
                  </span>
                  {rule.stopHere && <span className="badge badge-info kuvert-sortrule-stop">{t('ruleAdmin.stops')}</span>}
                  {!mine && <span className="badge kuvert-sortrule-origin">{t('ruleAdmin.fromSecureMail')}</span>}
                </span>
              </div>
              <p className="kuvert-sortrule-sentence">{rule.sentence[lang]}</p>
              {!mine && (
                <p className="kuvert-sub">
                  {t('ruleAdmin.forwardingNote')} <Link to={paths.secureMail(organisationId)}>{t('ruleAdmin.toSecureMail')}</Link>
                </p>
              )}
              {mine && rule.updatedBy.name && (
                <p className="kuvert-sub">{t('ruleAdmin.changedBy', { date: longDate(lang, rule.updatedAt), name: rule.updatedBy.name })}</p>
              )}
              {data.editable && mine && (
                <ul className="unstyled-list kuvert-row-actions kuvert-sortrule-actions-row">
                  <li>
                    <button type="button" id={`rule-${rule.id}-up`} className="function-link" aria-label={`${t('ruleAdmin.up')}: ${rule.name}`}
                      disabled={at === 0} onClick={() => void move(rule, -1)}>
                      <Icon name="arrow-upward" />{t('ruleAdmin.up')}
                    </button>
                  </li>
                  <li>
                    <button type="button" id={`rule-${rule.id}-down`} className="function-link" aria-label={`${t('ruleAdmin.down')}: ${rule.name}`}
                      disabled={at === own.length - 1} onClick={() => void move(rule, 1)}>
                      <Icon name="arrow-downward" />{t('ruleAdmin.down')}
                    </button>
                  </li>
                  <li><RowAction icon="edit" label={t('ruleAdmin.edit')} name={rule.name} onClick={() => onEdit(rule)} /></li>
                  <li><RowAction icon="delete" label={t('ruleAdmin.delete')} name={rule.name} onClick={() => onDelete(rule)} /></li>
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** Applying the rules to Indbakke: the count first, then the run; the latest runs, each undone once. */
function ApplySection({ runs, choices, reload }: { runs: RuleRunView[]; choices: RuleChoices; reload: () => void }) {
  const { t, lang } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const status = useStatus();
  const [count, setCount] = useState<{ tried: number; moved: number }>();
  const [busy, setBusy] = useState(false);
  const who = (actor: string) => choices.people.find((p) => `user:${p.userId}` === actor)?.name;

  async function ask() {
    status.clear();
    setCount(undefined);
    setBusy(true);
    try {
      const answer = await api.applyRules(organisationId, false);
      if (answer.moved === 0) status.say('info', t('ruleAdmin.apply.nothing', { tried: answer.tried }));
      else setCount(answer);
    } catch (error) {
      status.say('error', ruleErrorText(t, error));
    }
    setBusy(false);
  }

  async function run() {
    setBusy(true);
    let moved = 0;
    const ok = await status.run(async () => { moved = (await api.applyRules(organisationId, true)).moved; }, () => t(moved === 1 ? 'ruleAdmin.apply.doneOne' : 'ruleAdmin.apply.done', { n: moved }));
    setBusy(false);
    setCount(undefined);
    if (ok) reload();
  }

  async function undo(runId: string) {
    setBusy(true);
    let back = 0;
    const ok = await status.run(async () => { back = (await api.undoRuleRun(organisationId, runId)).movedBack; }, () => t(back === 1 ? 'ruleAdmin.undo.doneOne' : 'ruleAdmin.undo.done', { n: back }));
    setBusy(false);
    if (ok) reload();
  }

  const columns = [t('ruleAdmin.runs.when'), t('ruleAdmin.runs.moved'), t('ruleAdmin.runs.state')];
  return (
    <section className="kuvert-admin-section kuvert-sortrule-apply" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('ruleAdmin.apply.heading')}</h2>
      <p>{t('ruleAdmin.apply.intro')}</p>
      {status.node}
      <p>
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void ask()}>{t('ruleAdmin.apply.button')}</button>
      </p>
      {count && (
        <ConfirmStep heading={t(count.moved === 1 ? 'ruleAdmin.apply.countOne' : 'ruleAdmin.apply.count', { n: count.moved })} variant="primary" busy={busy}
          confirm={t(count.moved === 1 ? 'ruleAdmin.apply.confirmOne' : 'ruleAdmin.apply.confirm', { n: count.moved })}
          onConfirm={() => void run()} onCancel={() => setCount(undefined)}>
          <p>{t('ruleAdmin.apply.explain', { tried: count.tried, n: count.moved })}</p>
        </ConfirmStep>
      )}
      <h3>{t('ruleAdmin.runs.heading')}</h3>
      <ListTable items={runs} empty={t('ruleAdmin.runs.none')} className="kuvert-sortrule-runs" caption={t('ruleAdmin.runs.caption')} columns={columns} actions
        row={(r) => (
          <tr key={r.id} data-run-id={r.id}>
            <td data-title={columns[0]}>
              <time dateTime={r.createdAt}>{longDate(lang, r.createdAt)}</time>
              {who(r.createdBy) && <span className="kuvert-sub">{t('ruleAdmin.runs.by', { name: who(r.createdBy)! })}</span>}
            </td>
            <td data-title={columns[1]}>{t(r.moved === 1 ? 'ruleAdmin.runs.letterOne' : 'ruleAdmin.runs.letters', { n: r.moved })}</td>
            <td data-title={columns[2]}>
              {r.undoneAt
                ? <span className="kuvert-sortrule-undone">{t('ruleAdmin.runs.undone', { date: longDate(lang, r.undoneAt) })}</span>
                : t('ruleAdmin.runs.done')}
            </td>
            <td data-title={t('dead.action')}>
              {!r.undoneAt && r.moved > 0 && (
                <RowAction icon="refresh" label={t('ruleAdmin.undo')} name={longDate(lang, r.createdAt)} disabled={busy} onClick={() => void undo(r.id)} />
              )}
            </td>
          </tr>
        )} />
    </section>
  );
}
