import { useId, useMemo, useState, type FormEvent } from 'react';
import { api, type Member } from '../api.ts';
import { Loaded, ListTable, AsyncTable } from '../common/AsyncTable.tsx';
import { longDate } from '../common/format.ts';
import { useAsync, type AsyncState } from '../common/useAsync.ts';
import { useI18n, type Key } from '../i18n.ts';
import { AddressesSection, FolderChoice, FoldersForm, folderDraftOf, folderIdsOfDraft, foldersText, type FolderDraft } from '../settings/Addresses.tsx';
import { organisationNotifications, type NotificationMailView, type NotificationPersonView, type NotificationSettings } from '../settings/api.ts';
import { useAdmin } from './context.ts';
import { ConfirmStep, FormErrors, RowAction, SelectField, useFormErrors, useStatus, type StatusApi } from './form.tsx';

const STATE_BADGE: Record<NotificationMailView['state'], string> = { queued: 'badge-info', retrying: 'badge-warning', sent: 'badge-success', outbox: 'badge-info', failed: 'badge-error' };

/**
 * Notifications of new mail for the organisation (docs/notifications.md): the addresses told of it
 * (confirmed by a link first), in an extended mailbox for which folders, the people told of folders
 * they may see, and the mails sent with their state.
 */
export function Notifications() {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const client = useMemo(() => organisationNotifications(organisationId), [organisationId]);
  const settings = useAsync(() => client.settings(), [client]);
  const mails = useAsync(() => client.mails(), [client]);
  const status = useStatus();
  const id = useId();
  const reload = () => {
    settings.reload();
    mails.reload();
  };
  return (
    <>
      <section className="kuvert-admin-section" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t('admin.section.notifications')}</h2>
        <p>{t('notify.introOrganisation')}</p>
        {settings.data && <p>{t(settings.data.mailbox.level === 'extended' ? 'notify.introExtended' : 'notify.introStandard')}</p>}
        {status.node}
        <Loaded state={settings}>{() => null}</Loaded>
      </section>
      {settings.data && (
        <>
          <AddressesSection client={client} settings={settings.data} reload={reload} status={status} />
          {(settings.data.mailbox.level === 'extended' || settings.data.people.length > 0) && (
            <PeopleSection settings={settings.data} client={client} reload={reload} status={status} />
          )}
        </>
      )}
      <MailLog state={mails} />
    </>
  );
}

type Client = ReturnType<typeof organisationNotifications>;
type Action = { kind: 'folders' | 'remove'; person: NotificationPersonView };

function personNote(t: (key: Key) => string, p: NotificationPersonView): string | undefined {
  if (!p.member) return t('notify.notMember');
  if (p.email === null) return t('notify.noEmail');
  if (p.unsubscribed) return t('notify.personUnsubscribed');
  return undefined;
}

/** The people told of new mail in chosen folders (extended): change their folders, stop it, add someone. */
function PeopleSection({ settings, client, reload, status }: { settings: NotificationSettings; client: Client; reload: () => void; status: StatusApi }) {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const members = useAsync(() => api.people(organisationId), [organisationId]);
  const [action, setAction] = useState<Action>();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const extended = settings.mailbox.level === 'extended';
  const member = (userId: string) => members.data?.find((m) => m.userId === userId);
  /** The folders a member may be told of: those they may see. */
  const foldersOf = (m: Member | undefined) => (m?.folders ? settings.folders.filter((f) => m.folders!.some((g) => g.id === f.id)) : settings.folders);

  async function remove(person: NotificationPersonView) {
    setBusy(true);
    const ok = await status.run(() => client.removePerson(person.userId), t('notify.removedPerson', { name: person.name }));
    setBusy(false);
    if (ok) {
      setAction(undefined);
      reload();
    }
  }

  return (
    <section className="kuvert-admin-section kuvert-notify-people" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('notify.people')}</h2>
      <p>{t('notify.peopleIntro')}</p>
      <ListTable items={settings.people} empty={t('notify.noPeople')} className="kuvert-notify-people-list" caption={t('notify.peopleCaption')}
        columns={[t('notify.name'), t('notify.email'), t('notify.folders')]} actions
        row={(p) => (
          <tr key={p.userId} data-user-id={p.userId}>
            <td data-title={t('notify.name')} className="kuvert-title">
              <strong>{p.name}</strong>
              {personNote(t, p) && <span className="kuvert-sub">{personNote(t, p)}</span>}
            </td>
            <td data-title={t('notify.email')}>{p.email ?? '–'}</td>
            <td data-title={t('notify.folders')}>{foldersText(t, p.folders)}</td>
            <td data-title={t('dead.action')}>
              <ul className="unstyled-list kuvert-row-actions">
                {extended && p.member && (
                  <li><RowAction icon="edit" label={t('notify.changeFolders')} name={p.name} onClick={() => { status.clear(); setAction({ kind: 'folders', person: p }); }} /></li>
                )}
                <li><RowAction icon="delete" label={t('notify.remove')} name={p.name} onClick={() => { status.clear(); setAction({ kind: 'remove', person: p }); }} /></li>
              </ul>
            </td>
          </tr>
        )} />
      {action?.kind === 'remove' && (
        <ConfirmStep key={action.person.userId} heading={t('notify.removeHeading', { name: action.person.name })} confirm={t('notify.remove')} busy={busy}
          onConfirm={() => void remove(action.person)} onCancel={() => setAction(undefined)}>
          <p>{t('notify.removePersonExplain')}</p>
        </ConfirmStep>
      )}
      {action?.kind === 'folders' && (
        <FoldersForm key={action.person.userId} name={action.person.name} folders={foldersOf(member(action.person.userId))}
          initial={folderDraftOf(action.person.folders)} save={(folderIds) => client.setPerson(action.person.userId, folderIds)} onCancel={() => setAction(undefined)}
          onDone={() => { setAction(undefined); reload(); status.say('success', t('notify.foldersSaved', { name: action.person.name })); }} />
      )}
      {extended && (
        <Loaded state={members} announceLoading={false}>
          {(list) => (
            <AddPersonForm key={formKey} members={list.filter((m) => !settings.people.some((p) => p.userId === m.userId))} foldersOf={foldersOf} client={client}
              onDone={(name) => { setFormKey((n) => n + 1); reload(); status.say('success', t('notify.personAdded', { name })); }} />
          )}
        </Loaded>
      )}
    </section>
  );
}

function AddPersonForm({ members, foldersOf, client, onDone }: {
  members: readonly Member[]; foldersOf: (m: Member | undefined) => NotificationSettings['folders']; client: Client; onDone: (name: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const form = useFormErrors();
  const [userId, setUserId] = useState('');
  const [draft, setDraft] = useState<FolderDraft>({ all: true, ids: [] });
  const [busy, setBusy] = useState(false);
  const chosen = members.find((m) => m.userId === userId);
  const ids = { person: `${id}-person`, folders: `${id}-choice-folders` };

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    const found: Record<string, string> = {};
    if (!chosen) found[ids.person] = t('notify.personRequired');
    const folderIds = folderIdsOfDraft(draft);
    if (folderIds === 'none') found[ids.folders] = t('notify.foldersRequired');
    if (!form.show(found) || !chosen || folderIds === 'none') return;
    setBusy(true);
    try {
      await client.setPerson(chosen.userId, folderIds);
      onDone(chosen.name);
    } catch (error) {
      setBusy(false);
      form.refuse(error, { PERSON_NOT_FOUND: ids.person, FOLDER_NOT_VISIBLE: ids.folders, FOLDER_NOT_FOUND: ids.folders, FOLDERS_EMPTY: ids.folders });
    }
  }

  return (
    <form className="kuvert-admin-form kuvert-notify-add-person" onSubmit={submit} noValidate>
      <h3>{t('notify.addPerson')}</h3>
      <FormErrors form={form} />
      <SelectField id={ids.person} label={t('notify.person')} error={form.errors[ids.person]}
        hint={chosen?.folders ? t('notify.limitedTo', { folders: chosen.folders.map((f) => f.name).join(', ') }) : undefined}
        value={userId} onChange={(e) => { setUserId(e.target.value); setDraft({ all: true, ids: [] }); }}>
        <option value="">{t('notify.choosePerson')}</option>
        {members.map((m) => <option key={m.userId} value={m.userId}>{m.name}{m.email ? ` (${m.email})` : ''}</option>)}
      </SelectField>
      <FolderChoice id={`${id}-choice`} folders={foldersOf(chosen)} value={draft} onChange={setDraft} error={form.errors[ids.folders]} />
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy}>{t('notify.addPersonButton')}</button>
      </div>
    </form>
  );
}

/** The notices and confirmation links sent, newest first, with their state and the relay's reason. */
function MailLog({ state }: { state: AsyncState<NotificationMailView[]> }) {
  const { t, lang } = useI18n();
  const id = useId();
  return (
    <section className="kuvert-admin-section kuvert-notify-mails" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('notify.mails')}</h2>
      <p>{t('notify.mailsIntro')}</p>
      <p><button type="button" className="button button-secondary" onClick={state.reload}>{t('notify.reload')}</button></p>
      <AsyncTable state={state} empty={t('notify.noMails')} announceLoading={false} className="kuvert-notify-mail-log" caption={t('notify.mailsCaption')}
        columns={[t('notify.when'), t('notify.to'), t('notify.kind'), t('notify.status')]}
        row={(m) => (
          <tr key={m.id} data-mail-id={m.id}>
            <td data-title={t('notify.when')}><time dateTime={m.createdAt}>{longDate(lang, m.createdAt)}</time></td>
            <td data-title={t('notify.to')} className="kuvert-title">{m.to}</td>
            <td data-title={t('notify.kind')}>{t(`notify.kind.${m.kind}` as Key)}</td>
            <td data-title={t('notify.status')}>
              <span className={`badge ${STATE_BADGE[m.state]} kuvert-status`} data-state={m.state}>{t(`notify.state.${m.state}` as Key)}</span>
              {m.attempts > 1 && <span className="kuvert-sub">{t('notify.attempts', { n: m.attempts })}</span>}
              {m.reason && <span className="kuvert-sub kuvert-reason">{m.reason}</span>}
            </td>
          </tr>
        )} />
    </section>
  );
}
