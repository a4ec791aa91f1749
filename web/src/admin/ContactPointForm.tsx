import { useId, useState, type FormEvent } from 'react';
import { api, type ContactPointAdmin, type ContactPointInput, type ContactPointWriter, type SystemAdminView } from '../api.ts';
import { useI18n, type Key } from '../i18n.ts';
import { useAdmin } from './context.ts';
import { FieldError, FormErrors, SelectField, TextArea, TextField, useFocusOnMount, useFormErrors } from './form.tsx';

const WRITERS: ContactPointWriter[] = ['citizen', 'company', 'authority'];
const FILE_TYPE = /^[a-z0-9]{1,10}$/;
const MAIL_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** The ids of `point` and everything under it: none of them can be its parent. */
function selfAndBelow(points: readonly ContactPointAdmin[], pointId: string): Set<string> {
  const found = new Set([pointId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of points) if (p.parentId && found.has(p.parentId) && !found.has(p.id)) { found.add(p.id); grew = true; }
  }
  return found;
}

/** Create or edit a contact point: name, description, parent, visibility, who may write, limits, recipient system, mail name. */
export function ContactPointForm({ point, points, systems, onSaved, onCancel }: {
  point: ContactPointAdmin | undefined;
  points: readonly ContactPointAdmin[];
  /** recipient systems to choose from; undefined when the caller may not see systems (the choice is then left as it is) */
  systems: SystemAdminView[] | undefined;
  onSaved: (name: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const { organisationId } = useAdmin();
  const id = useId();
  const form = useFormErrors();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [name, setName] = useState(point?.name ?? '');
  const [description, setDescription] = useState(point?.description ?? '');
  const [parentId, setParentId] = useState(point?.parentId ?? '');
  const [visible, setVisible] = useState(point?.visible ?? true);
  const [writers, setWriters] = useState<ContactPointWriter[]>(point?.whoMayWrite ?? WRITERS);
  const [maxSizeMb, setMaxSizeMb] = useState(point ? String(point.maxSizeMb) : '');
  const [maxAttachments, setMaxAttachments] = useState(point ? String(point.maxAttachments) : '');
  const [fileTypes, setFileTypes] = useState(point?.fileTypes?.join(', ') ?? '');
  const [recipientSystemId, setRecipientSystemId] = useState(point?.recipientSystemId ?? '');
  const [mailName, setMailName] = useState(point?.mailName ?? '');
  const [busy, setBusy] = useState(false);
  const ids = {
    name: `${id}-name`, description: `${id}-description`, parent: `${id}-parent`, visible: `${id}-visible`, writers: `${id}-writers`,
    maxSizeMb: `${id}-size`, maxAttachments: `${id}-attachments`, fileTypes: `${id}-types`, recipient: `${id}-recipient`, mailName: `${id}-mail`,
  };
  const excluded = point ? selfAndBelow(points, point.id) : new Set<string>();
  const parents = points.filter((p) => !excluded.has(p.id) && (p.active || p.id === point?.parentId));
  const types = fileTypes.split(/[\s,;]+/).map((s) => s.replace(/^\./, '').toLowerCase()).filter(Boolean);

  function validate(): Record<string, string> {
    const found: Record<string, string> = {};
    if (!name.trim()) found[ids.name] = t('cp.nameRequired');
    if (writers.length === 0) found[ids.writers] = t('cp.writersRequired');
    const size = maxSizeMb.trim();
    if (size && !(/^\d+$/.test(size) && Number(size) >= 1 && Number(size) <= 1024)) found[ids.maxSizeMb] = t('cp.sizeInvalid');
    const count = maxAttachments.trim();
    if (count && !(/^\d+$/.test(count) && Number(count) <= 100)) found[ids.maxAttachments] = t('cp.attachmentsInvalid');
    const bad = types.find((type) => !FILE_TYPE.test(type));
    if (bad) found[ids.fileTypes] = t('cp.fileTypeInvalid', { type: bad });
    if (mailName.trim() && !MAIL_NAME.test(mailName.trim())) found[ids.mailName] = t('cp.mailNameInvalid');
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    form.clearFailure();
    if (!form.show(validate())) return;
    const input: ContactPointInput = {
      name: name.trim(),
      description: description.trim(),
      parentId: parentId || null,
      visible,
      whoMayWrite: WRITERS.filter((w) => writers.includes(w)),
      ...(maxSizeMb.trim() ? { maxSizeMb: Number(maxSizeMb.trim()) } : {}),
      ...(maxAttachments.trim() ? { maxAttachments: Number(maxAttachments.trim()) } : {}),
      fileTypes: types.length > 0 ? [...new Set(types)] : null,
      ...(systems ? { recipientSystemId: recipientSystemId || null } : {}),
      mailName: mailName.trim() || null,
    };
    setBusy(true);
    try {
      if (point) await api.updateContactPoint(organisationId, point.id, input);
      else await api.createContactPoint(organisationId, input);
      onSaved(input.name);
    } catch (error) {
      setBusy(false);
      form.refuse(error, {
        CONTACT_POINT_NAME_INVALID: ids.name, MAIL_NAME_TAKEN: ids.mailName, MAIL_NAME_INVALID: ids.mailName,
        CONTACT_POINT_PARENT_INVALID: ids.parent, CONTACT_POINT_PARENT_CYCLE: ids.parent, RECIPIENT_SYSTEM_INVALID: ids.recipient,
        FILE_TYPES_EMPTY: ids.fileTypes,
        '/name': ids.name, '/description': ids.description, '/parentId': ids.parent, '/whoMayWrite': ids.writers, '/maxSizeMb': ids.maxSizeMb,
        '/maxAttachments': ids.maxAttachments, '/fileTypes': ids.fileTypes, '/recipientSystemId': ids.recipient, '/mailName': ids.mailName,
      });
    }
  }

  const error = (field: string) => form.errors[field];
  return (
    <form className={`kuvert-admin-form${point ? ' kuvert-panel' : ''}`} onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} ref={point ? heading : undefined} tabIndex={point ? -1 : undefined}>
        {point ? t('cp.editHeading', { name: point.name }) : t('cp.new')}
      </h3>
      <FormErrors form={form} />
      <TextField id={ids.name} label={t('cp.name')} error={error(ids.name)} className="form-input input-width-xl" type="text" value={name} maxLength={200}
        autoComplete="off" onChange={(e) => setName(e.target.value)} />
      <TextArea id={ids.description} label={t('cp.description')} hint={t('cp.descriptionHint')} error={error(ids.description)} value={description}
        maxLength={1000} onChange={(e) => setDescription(e.target.value)} />
      <SelectField id={ids.parent} label={t('cp.parent')} hint={t('cp.parentHint')} error={error(ids.parent)} value={parentId}
        onChange={(e) => setParentId(e.target.value)}>
        <option value="">{t('cp.noParent')}</option>
        {parents.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </SelectField>
      <div className="form-group form-group-checkbox kuvert-checkbox">
        <input type="checkbox" className="form-checkbox" id={ids.visible} checked={visible} aria-describedby={`${ids.visible}-hint`}
          onChange={(e) => setVisible(e.target.checked)} />
        <label className="form-label" htmlFor={ids.visible}>{t('cp.visible')}</label>
        <span className="form-hint" id={`${ids.visible}-hint`}>{t('cp.visibleHint')}</span>
      </div>
      <fieldset className={`kuvert-fieldset${error(ids.writers) ? ' form-group form-error' : ''}`} aria-describedby={error(ids.writers) ? `${ids.writers}-error` : undefined}>
        <legend className="form-label">{t('cp.whoMayWrite')}</legend>
        <FieldError id={ids.writers} error={error(ids.writers)} />
        <ul className="unstyled-list kuvert-choices">
          {WRITERS.map((w, i) => (
            <li key={w} className="form-group-checkbox">
              <input type="checkbox" className="form-checkbox" id={i === 0 ? ids.writers : `${ids.writers}-${w}`} checked={writers.includes(w)}
                onChange={(e) => setWriters(e.target.checked ? [...writers, w] : writers.filter((x) => x !== w))} />
              <label className="form-label" htmlFor={i === 0 ? ids.writers : `${ids.writers}-${w}`}>{t(`cp.writer.${w}` as Key)}</label>
            </li>
          ))}
        </ul>
      </fieldset>
      <div className="kuvert-field-row">
        <TextField id={ids.maxSizeMb} label={t('cp.maxSize')} hint={point ? undefined : t('cp.defaultHint')} error={error(ids.maxSizeMb)}
          className="form-input input-width-xs" type="text" inputMode="numeric" value={maxSizeMb} onChange={(e) => setMaxSizeMb(e.target.value)} />
        <TextField id={ids.maxAttachments} label={t('cp.maxAttachments')} hint={point ? undefined : t('cp.defaultHint')} error={error(ids.maxAttachments)}
          className="form-input input-width-xs" type="text" inputMode="numeric" value={maxAttachments} onChange={(e) => setMaxAttachments(e.target.value)} />
      </div>
      <TextField id={ids.fileTypes} label={t('cp.fileTypes')} hint={t('cp.fileTypesHint')} error={error(ids.fileTypes)} className="form-input input-width-xl"
        type="text" value={fileTypes} autoComplete="off" spellCheck={false} onChange={(e) => setFileTypes(e.target.value)} />
      {systems && (
        <SelectField id={ids.recipient} label={t('cp.recipientSystem')} hint={t('cp.recipientHint')} error={error(ids.recipient)}
          value={recipientSystemId} onChange={(e) => setRecipientSystemId(e.target.value)}>
          <option value="">{t('cp.noRecipient')}</option>
          {systems.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
        </SelectField>
      )}
      <TextField id={ids.mailName} label={t('cp.mailName')} hint={t('cp.mailNameHint')} error={error(ids.mailName)} className="form-input input-width-l"
        type="text" value={mailName} maxLength={63} autoComplete="off" spellCheck={false} onChange={(e) => setMailName(e.target.value)} />
      <div className="kuvert-form-buttons">
        <button type="submit" className="button button-primary" disabled={busy}>{point ? t('cp.save') : t('cp.create')}</button>
        {onCancel && <button type="button" className="button button-secondary" onClick={onCancel}>{t('admin.cancel')}</button>}
      </div>
    </form>
  );
}
