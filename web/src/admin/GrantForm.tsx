import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { MemberRole, RoleGrant } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { FormErrors, useFocusOnMount, useFormErrors } from './form.tsx';
import { roleErrorFields, roleName } from './roles.ts';
import { folderIdsOf, RoleFields, type RoleDraft } from './RoleFields.tsx';

/**
 * A role to give someone, limited to folders where it may be: a member's new role, or what a request is
 * approved as. `save` sends it; `onDone` gets the role's name in lower case, for the message after.
 * With `onCancel` it is a panel opened by a button: its heading takes the focus, and Cancel closes it.
 */
export function GrantForm({ heading, children, legend, roles, initial, submitLabel, save, onDone, onCancel }: {
  heading: string;
  /** what stands between the heading and the errors */
  children?: ReactNode;
  legend: string;
  roles: readonly MemberRole[];
  initial: RoleDraft;
  submitLabel: string;
  save: (grant: RoleGrant) => Promise<unknown>;
  onDone: (role: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const { org } = useAdmin();
  const id = useId();
  const form = useFormErrors();
  const [draft, setDraft] = useState<RoleDraft>(initial);
  const [busy, setBusy] = useState(false);
  const roleId = `${id}-role`;
  const panel = onCancel !== undefined;
  const headingRef = useFocusOnMount<HTMLHeadingElement>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    if (!form.show(draft.role ? {} : { [roleId]: t('admin.roleRequired') }) || !draft.role) return;
    setBusy(true);
    try {
      await save({ role: draft.role, folderIds: folderIdsOf(draft, org.mailbox.level) });
      onDone(roleName(t, draft.role).toLowerCase());
    } catch (error) {
      setBusy(false);
      form.refuse(error, roleErrorFields(roleId));
    }
  }

  return (
    <form className={`kuvert-admin-form${panel ? ' kuvert-panel' : ''}`} onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} tabIndex={panel ? -1 : undefined} ref={panel ? headingRef : undefined}>{heading}</h3>
      {children}
      <FormErrors form={form} />
      <RoleFields id={roleId} legend={legend} roles={roles} value={draft} onChange={setDraft}
        level={org.mailbox.level} folders={org.mailbox.folders} error={form.errors[roleId]} />
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy}>{submitLabel}</button>
        {onCancel && <button type="button" className="button button-secondary" onClick={onCancel}>{t('admin.cancel')}</button>}
      </div>
    </form>
  );
}
