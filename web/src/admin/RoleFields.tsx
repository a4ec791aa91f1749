import type { FolderRef, MailboxLevel, MemberRole } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { RadioChoices } from './form.tsx';
import { mayLimit, roleExplained, roleName } from './roles.ts';

export interface RoleDraft { role: MemberRole | undefined; folderIds: string[] }

/** The wire shape: no folders chosen, or a role that cannot be limited, means all folders (null). */
export const folderIdsOf = (draft: RoleDraft, level: MailboxLevel): string[] | null =>
  draft.role && mayLimit(draft.role, level) && draft.folderIds.length > 0 ? draft.folderIds : null;

/**
 * A role as radio buttons, each with what it may do in one line, and — for writers and readers of an
 * extended mailbox — the folders to limit it to. The first radio button has the id `id` (for the error summary).
 */
export function RoleFields({ id, legend, roles, value, onChange, level, folders, error }: {
  id: string;
  legend: string;
  roles: readonly MemberRole[];
  value: RoleDraft;
  onChange: (draft: RoleDraft) => void;
  level: MailboxLevel;
  folders: readonly FolderRef[];
  error?: string;
}) {
  const { t } = useI18n();
  const limitable = value.role !== undefined && mayLimit(value.role, level) && folders.length > 0;
  const toggle = (folderId: string, on: boolean) =>
    onChange({ ...value, folderIds: on ? [...value.folderIds, folderId] : value.folderIds.filter((f) => f !== folderId) });
  return (
    <>
      <RadioChoices id={id} legend={legend} options={roles} value={value.role} onChange={(role) => onChange({ ...value, role })}
        label={(role) => roleName(t, role)} hint={(role) => roleExplained(t, role)} error={error} />
      {limitable && (
        <fieldset className="kuvert-fieldset kuvert-folder-choice" aria-describedby={`${id}-folders-hint`}>
          <legend className="form-label">{t('admin.foldersLegend')}</legend>
          <span className="form-hint" id={`${id}-folders-hint`}>{t('admin.foldersHint')}</span>
          <ul className="unstyled-list kuvert-choices">
            {folders.map((folder) => (
              <li key={folder.id} className="form-group-checkbox">
                <input type="checkbox" className="form-checkbox" id={`${id}-folder-${folder.id}`} value={folder.id}
                  checked={value.folderIds.includes(folder.id)} onChange={(e) => toggle(folder.id, e.target.checked)} />
                <label className="form-label" htmlFor={`${id}-folder-${folder.id}`}>{folder.name}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
    </>
  );
}
