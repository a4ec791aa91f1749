import { useId, useState, type FormEvent } from 'react';
import type { FolderRef } from '../api.ts';
import { ListTable } from '../common/AsyncTable.tsx';
import { dayDate } from '../common/format.ts';
import { useI18n, type Key } from '../i18n.ts';
import { ConfirmStep, EMAIL, FieldError, FormErrors, RadioChoices, RowAction, TextField, useFocusOnMount, useFormErrors, type StatusApi } from '../admin/form.tsx';
import type { NotificationAddressView, NotificationSettings, NotificationsClient } from './api.ts';

const BADGE: Record<NotificationAddressView['status'], string> = { pending: 'badge-info', confirmed: 'badge-success', unsubscribed: '' };

/** Every folder, or the ones ticked. */
export interface FolderDraft { all: boolean; ids: string[] }

export const folderDraftOf = (folders: readonly FolderRef[] | null): FolderDraft => (folders === null ? { all: true, ids: [] } : { all: false, ids: folders.map((f) => f.id) });

export function foldersText(t: (key: Key) => string, folders: readonly FolderRef[] | null): string {
  if (folders === null) return t('notify.allFolders');
  return folders.length === 0 ? t('notify.noFolders') : folders.map((f) => f.name).join(', ');
}

/**
 * All folders, or chosen ones (checkboxes). The first radio button has the id `id`, the first checkbox
 * `${id}-folders` (for the error summary); `folders` are the ones that may be chosen.
 */
export function FolderChoice({ id, folders, value, onChange, error }: {
  id: string; folders: readonly FolderRef[]; value: FolderDraft; onChange: (draft: FolderDraft) => void; error?: string;
}) {
  const { t } = useI18n();
  const toggle = (folderId: string, on: boolean) => onChange({ ...value, ids: on ? [...value.ids, folderId] : value.ids.filter((f) => f !== folderId) });
  return (
    <>
      <RadioChoices id={id} legend={t('notify.foldersLegend')} options={['all', 'some'] as const} value={value.all ? 'all' : 'some'}
        onChange={(choice) => onChange({ ...value, all: choice === 'all' })}
        label={(choice) => t(choice === 'all' ? 'notify.allFolders' : 'notify.someFolders')}
        hint={(choice) => t(choice === 'all' ? 'notify.allFoldersHint' : 'notify.someFoldersHint')} />
      {!value.all && (
        <fieldset className={`kuvert-fieldset kuvert-folder-choice${error ? ' form-group form-error' : ''}`} aria-describedby={error ? `${id}-folders-error` : undefined}>
          <legend className="form-label">{t('notify.chooseFolders')}</legend>
          <FieldError id={`${id}-folders`} error={error} />
          <ul className="unstyled-list kuvert-choices">
            {folders.map((folder, i) => (
              <li key={folder.id} className="form-group-checkbox">
                <input type="checkbox" className="form-checkbox" id={i === 0 ? `${id}-folders` : `${id}-folder-${folder.id}`} value={folder.id}
                  checked={value.ids.includes(folder.id)} onChange={(e) => toggle(folder.id, e.target.checked)} />
                <label className="form-label" htmlFor={i === 0 ? `${id}-folders` : `${id}-folder-${folder.id}`}>{folder.name}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </>
  );
}

/** The folders of a draft as the API takes them, or the error to show (none ticked). */
export function folderIdsOfDraft(draft: FolderDraft): string[] | null | 'none' {
  if (draft.all) return null;
  return draft.ids.length > 0 ? draft.ids : 'none';
}

type Action = { kind: 'folders' | 'remove'; address: NotificationAddressView };

/**
 * The mailbox's notification addresses: their state (waiting for the link, confirmed, unsubscribed),
 * in an extended mailbox their folders; send the link again, change folders, remove; add one.
 */
export function AddressesSection({ client, settings, reload, status }: {
  client: NotificationsClient; settings: NotificationSettings; reload: () => void; status: StatusApi;
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const extended = settings.mailbox.level === 'extended';
  const [action, setAction] = useState<Action>();
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);

  async function run(work: () => Promise<unknown>, success: string) {
    setBusy(true);
    const ok = await status.run(work, success);
    setBusy(false);
    if (ok) {
      setAction(undefined);
      reload();
    }
  }

  const columns = [t('notify.email'), t('notify.status'), ...(extended ? [t('notify.folders')] : [])];
  return (
    <section className="kuvert-admin-section kuvert-notify-addresses" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('notify.addresses')}</h2>
      <ListTable items={settings.addresses} empty={t('notify.noAddresses')} className="kuvert-notify-address-list" caption={t('notify.addressesCaption')}
        columns={columns} actions
        row={(a) => (
          <tr key={a.id} data-address-id={a.id}>
            <td data-title={t('notify.email')} className="kuvert-title"><strong>{a.email}</strong></td>
            <td data-title={t('notify.status')}>
              <span className={`badge ${BADGE[a.status]} kuvert-status`} data-status={a.status}>{t(`notify.status.${a.status}` as Key)}</span>
              {a.status === 'pending' && a.linkExpiresAt && <span className="kuvert-sub">{t('notify.pendingUntil', { date: dayDate(lang, a.linkExpiresAt) })}</span>}
              {a.status === 'unsubscribed' && <span className="kuvert-sub">{t('notify.unsubscribedHint')}</span>}
            </td>
            {extended && <td data-title={t('notify.folders')}>{foldersText(t, a.folders)}</td>}
            <td data-title={t('dead.action')}>
              <ul className="unstyled-list kuvert-row-actions">
                {a.status === 'pending' && (
                  <li>
                    <RowAction icon="email" label={t('notify.resend')} name={a.email} disabled={busy}
                      onClick={() => { status.clear(); void run(() => client.resend(a.id), t('notify.resent', { email: a.email })); }} />
                  </li>
                )}
                {extended && (
                  <li><RowAction icon="edit" label={t('notify.changeFolders')} name={a.email} onClick={() => { status.clear(); setAction({ kind: 'folders', address: a }); }} /></li>
                )}
                <li><RowAction icon="delete" label={t('notify.remove')} name={a.email} onClick={() => { status.clear(); setAction({ kind: 'remove', address: a }); }} /></li>
              </ul>
            </td>
          </tr>
        )} />
      {action?.kind === 'remove' && (
        <ConfirmStep key={action.address.id} heading={t('notify.removeHeading', { name: action.address.email })} confirm={t('notify.remove')} busy={busy}
          onConfirm={() => void run(() => client.remove(action.address.id), t('notify.removedAddress', { email: action.address.email }))}
          onCancel={() => setAction(undefined)}>
          <p>{t('notify.removeAddressExplain')}</p>
        </ConfirmStep>
      )}
      {action?.kind === 'folders' && (
        <FoldersForm key={action.address.id} name={action.address.email} folders={settings.folders} initial={folderDraftOf(action.address.folders)}
          save={(folderIds) => client.setFolders(action.address.id, folderIds)} onCancel={() => setAction(undefined)}
          onDone={() => { setAction(undefined); reload(); status.say('success', t('notify.foldersSaved', { name: action.address.email })); }} />
      )}
      <AddAddressForm key={formKey} client={client} settings={settings} onDone={(email) => {
        setFormKey((n) => n + 1);
        reload();
        status.say('success', t('notify.added', { email }));
      }} />
    </section>
  );
}

function AddAddressForm({ client, settings, onDone }: { client: NotificationsClient; settings: NotificationSettings; onDone: (email: string) => void }) {
  const { t } = useI18n();
  const id = useId();
  const form = useFormErrors();
  const [email, setEmail] = useState('');
  const [draft, setDraft] = useState<FolderDraft>({ all: true, ids: [] });
  const [busy, setBusy] = useState(false);
  const extended = settings.mailbox.level === 'extended';
  const ids = { email: `${id}-email`, folders: `${id}-choice` };

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    const found: Record<string, string> = {};
    const address = email.trim();
    if (!address) found[ids.email] = t('notify.emailRequired');
    else if (!EMAIL.test(address)) found[ids.email] = t('notify.emailInvalid');
    const folderIds = extended ? folderIdsOfDraft(draft) : null;
    if (folderIds === 'none') found[`${ids.folders}-folders`] = t('notify.foldersRequired');
    if (!form.show(found) || folderIds === 'none') return;
    setBusy(true);
    try {
      await client.add({ email: address, ...(extended ? { folderIds } : {}) });
      onDone(address);
    } catch (error) {
      setBusy(false);
      form.refuse(error, {
        EMAIL_INVALID: ids.email, NOTIFICATION_ADDRESS_EXISTS: ids.email, '/email': ids.email,
        FOLDER_NOT_FOUND: `${ids.folders}-folders`, FOLDERS_EMPTY: `${ids.folders}-folders`,
      });
    }
  }

  return (
    <form className="kuvert-admin-form kuvert-notify-add" onSubmit={submit} noValidate>
      <h3>{t('notify.add')}</h3>
      <FormErrors form={form} />
      <TextField id={ids.email} label={t('notify.email')} hint={t('notify.addHint')} error={form.errors[ids.email]}
        type="email" className="form-input input-width-xl" value={email} maxLength={254} autoComplete="email" spellCheck={false}
        onChange={(e) => setEmail(e.target.value)} />
      {extended && <FolderChoice id={ids.folders} folders={settings.folders} value={draft} onChange={setDraft} error={form.errors[`${ids.folders}-folders`]} />}
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy}>{t('notify.addButton')}</button>
      </div>
    </form>
  );
}

/** A panel to choose the folders an address or a person is told of; its heading takes the focus. */
export function FoldersForm({ name, folders, initial, save, onDone, onCancel }: {
  name: string; folders: readonly FolderRef[]; initial: FolderDraft; save: (folderIds: string[] | null) => Promise<unknown>; onDone: () => void; onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const form = useFormErrors();
  const [draft, setDraft] = useState(initial);
  const [busy, setBusy] = useState(false);
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const field = `${id}-choice-folders`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    const folderIds = folderIdsOfDraft(draft);
    if (!form.show(folderIds === 'none' ? { [field]: t('notify.foldersRequired') } : {}) || folderIds === 'none') return;
    setBusy(true);
    try {
      await save(folderIds);
      onDone();
    } catch (error) {
      setBusy(false);
      form.refuse(error, { FOLDER_NOT_FOUND: field, FOLDER_NOT_VISIBLE: field, FOLDERS_EMPTY: field });
    }
  }

  return (
    <form className="kuvert-admin-form kuvert-panel" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} tabIndex={-1} ref={heading}>{t('notify.foldersFor', { name })}</h3>
      <FormErrors form={form} />
      <FolderChoice id={`${id}-choice`} folders={folders} value={draft} onChange={setDraft} error={form.errors[field]} />
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy}>{t('notify.saveFolders')}</button>
        <button type="button" className="button button-secondary" onClick={onCancel}>{t('admin.cancel')}</button>
      </div>
    </form>
  );
}
