import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, ApiError, type MailboxLevel } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { errorText } from '../common/errors.ts';
import { longDate } from '../common/format.ts';
import { useI18n, type Key } from '../i18n.ts';
import { Link, paths } from '../router.tsx';
import { useAdmin } from './context.ts';
import { RadioChoices, useStatus } from './form.tsx';
import { SelfTest } from './SelfTest.tsx';
import { actorName, roleName } from './roles.ts';

const LEVELS: MailboxLevel[] = ['standard', 'extended'];

/** Whom a refusal names (`details`): people by name, anything else by what it says of itself. */
export function detailText(detail: unknown): string {
  if (typeof detail === 'string') return detail;
  if (typeof detail === 'object' && detail !== null) {
    const d = detail as Record<string, unknown>;
    for (const key of ['name', 'description', 'email', 'message']) if (typeof d[key] === 'string') return d[key] as string;
  }
  return JSON.stringify(detail);
}

/** The organisation and its mailbox: activation (the first time) with the choice of level, later a change of level. */
export function Overview() {
  const { t, lang } = useI18n();
  const { organisationId, org, reload } = useAdmin();
  const id = useId();
  const status = useStatus();
  const [blocked, setBlocked] = useState<unknown[]>();
  const [choice, setChoice] = useState<MailboxLevel>(org.mailbox.activatedAt ? (org.mailbox.level === 'standard' ? 'extended' : 'standard') : 'standard');
  const [busy, setBusy] = useState(false);
  const activated = org.mailbox.activatedAt !== null;
  const levelName = (level: MailboxLevel) => t(`level.${level}` as Key);
  // after a change the choice offered is the other level again
  useEffect(() => {
    if (activated) setChoice(org.mailbox.level === 'standard' ? 'extended' : 'standard');
  }, [org.mailbox.level, activated]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setBlocked(undefined);
    try {
      if (activated) await api.changeLevel(organisationId, choice);
      else await api.activate(organisationId, choice);
      status.say('success', activated ? t('level.changed', { level: levelName(choice).toLowerCase() }) : t('level.activated', { level: levelName(choice).toLowerCase() }));
      reload();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'LEVEL_CHANGE_BLOCKED') setBlocked(error.details);
      status.say('error', errorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="kuvert-admin-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.section.overview')}</h2>
      {org.may.people && org.pendingRequests > 0 && (
        <Alert variant="info">
          <Link to={paths.admin(organisationId, 'requests')}>
            {org.pendingRequests === 1 ? t('requests.waitingOne') : t('requests.waiting', { n: org.pendingRequests })}
          </Link>
        </Alert>
      )}
      <dl className="kuvert-facts-list">
        <div className="kuvert-fact"><dt>{t('admin.organisation')}</dt><dd>{org.organisation.name}</dd></div>
        <div className="kuvert-fact"><dt>{t('admin.cvr')}</dt><dd>{org.organisation.cvr}</dd></div>
        <div className="kuvert-fact"><dt>{t('admin.kind')}</dt><dd>{t(`admin.kind.${org.organisation.kind}` as Key)}</dd></div>
        <div className="kuvert-fact"><dt>{t('admin.level')}</dt><dd><span className="kuvert-level">{levelName(org.mailbox.level)}</span> – {t(`level.${org.mailbox.level}.explain` as Key)}</dd></div>
        <div className="kuvert-fact">
          <dt>{t('admin.activated')}</dt>
          <dd>{activated
            ? t('admin.activatedBy', { date: longDate(lang, org.mailbox.activatedAt), who: actorName(t, org.mailbox.activatedBy) || t('actor.system') })
            : t('admin.notActivated')}</dd>
        </div>
        <div className="kuvert-fact"><dt>{t('admin.yourRole')}</dt><dd>{roleName(t, org.you.role)}</dd></div>
      </dl>

      {status.node}
      {blocked && blocked.length > 0 && (
        <div className="kuvert-blocked">
          <p>{t('level.blockedPeople')}</p>
          <ul>{blocked.map((d, i) => <li key={i}>{detailText(d)}</li>)}</ul>
          <p><Link to={paths.admin(organisationId, 'people')}>{t('level.toPeople')}</Link></p>
        </div>
      )}

      {!activated && !org.may.level && <Alert variant="info">{t('level.activateSuperAdmin')}</Alert>}
      {org.may.level && (
        <form className="kuvert-admin-form" onSubmit={submit} noValidate>
          <h3>{activated ? t('level.changeHeading') : t('level.activateHeading')}</h3>
          <p>{activated ? t('level.changeIntro') : t('level.activateIntro')}</p>
          <RadioChoices id={`${id}-level`} legend={t('level.legend')} options={LEVELS} value={choice} onChange={setChoice}
            label={(level) => `${levelName(level)}${activated && level === org.mailbox.level ? ` (${t('level.current')})` : ''}`}
            hint={(level) => t(`level.${level}.explain` as Key)} />
          {activated && choice !== org.mailbox.level && <p className="kuvert-means">{t(`level.to.${choice}` as Key)}</p>}
          <div className="kuvert-form-buttons">
            <button type="submit" className="button button-primary" disabled={busy || (activated && choice === org.mailbox.level)}>
              {activated ? t('level.change', { level: levelName(choice).toLowerCase() }) : t('level.activate')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** The overview page: the organisation and its mailbox, then the self-test. */
export function OverviewPage() {
  return (
    <>
      <Overview />
      <SelfTest />
    </>
  );
}
