import { useId, useState } from 'react';
import { api, ApiError, type ContactPointAdmin, type ContactPointUse, type SystemAdminView } from '../api.ts';
import { Loaded } from '../common/AsyncTable.tsx';
import { errorText } from '../common/errors.ts';
import { useAsync } from '../common/useAsync.ts';
import { useI18n, type Key } from '../i18n.ts';
import { ContactPointForm } from './ContactPointForm.tsx';
import { useAdmin } from './context.ts';
import { ConfirmStep, RowAction, useStatus } from './form.tsx';

type Editing = { kind: 'new' } | { kind: 'edit'; point: ContactPointAdmin };

/** Contact points by their parent: the roots (no parent, or a parent not in the list) first. */
export function childrenOf(points: readonly ContactPointAdmin[]): Map<string | null, ContactPointAdmin[]> {
  const ids = new Set(points.map((p) => p.id));
  const map = new Map<string | null, ContactPointAdmin[]>();
  for (const point of points) {
    const parent = point.parentId && ids.has(point.parentId) ? point.parentId : null;
    map.set(parent, [...(map.get(parent) ?? []), point]);
  }
  for (const list of map.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'da'));
  return map;
}

/**
 * An authority's contact points as the hierarchy they form: create, edit, deactivate (asks first when
 * mail still points to it, listing what does) and reactivate.
 */
export function ContactPoints() {
  const { t } = useI18n();
  const { organisationId, org } = useAdmin();
  const id = useId();
  const points = useAsync(() => api.adminContactPoints(organisationId), [organisationId]);
  // only super-administrators see the systems (to choose the recipient system)
  const systems = useAsync(() => (org.may.systems ? api.systems(organisationId) : Promise.resolve(undefined)), [organisationId, org.may.systems]);
  const status = useStatus();
  const [editing, setEditing] = useState<Editing>({ kind: 'new' });
  const [formKey, setFormKey] = useState(0);
  const [inUse, setInUse] = useState<{ point: ContactPointAdmin; uses: ContactPointUse[] }>();
  const [busy, setBusy] = useState(false);

  const list = points.data ?? [];
  const tree = childrenOf(list);

  async function deactivate(point: ContactPointAdmin, confirm: boolean) {
    status.clear();
    setBusy(true);
    try {
      await api.deactivateContactPoint(organisationId, point.id, confirm);
      setInUse(undefined);
      points.reload();
      status.say('success', t('cp.deactivated', { name: point.name }));
    } catch (error) {
      if (!confirm && error instanceof ApiError && error.code === 'CONTACT_POINT_IN_USE') setInUse({ point, uses: error.details as ContactPointUse[] });
      else status.say('error', errorText(t, error));
    } finally {
      setBusy(false);
    }
  }

  async function reactivate(point: ContactPointAdmin) {
    setInUse(undefined);
    if (await status.run(() => api.reactivateContactPoint(organisationId, point.id), t('cp.reactivated', { name: point.name }))) points.reload();
  }

  function edit(point: ContactPointAdmin) {
    status.clear();
    setInUse(undefined);
    setEditing({ kind: 'edit', point });
    setFormKey((n) => n + 1);
  }

  const saved = (text: string) => {
    setEditing({ kind: 'new' });
    setFormKey((n) => n + 1);
    points.reload();
    status.say('success', text);
  };

  function renderLevel(parent: string | null, depth: number) {
    const children = tree.get(parent);
    if (!children || children.length === 0) return null;
    return (
      <ul className={depth === 0 ? 'unstyled-list no-max-width kuvert-cp-tree' : 'unstyled-list no-max-width kuvert-cp-children'}>
        {children.map((p) => (
          <li key={p.id} className={`kuvert-cp${p.active ? '' : ' kuvert-cp--inactive'}`} data-contact-point-id={p.id}>
            <div className="kuvert-cp-card">
              <h3 className="h5 kuvert-cp-name">
                {p.name}
                {!p.active && <span className="badge kuvert-cp-badge">{t('cp.inactive')}</span>}
                {p.active && !p.visible && <span className="badge kuvert-cp-badge">{t('cp.hidden')}</span>}
              </h3>
              {p.description && <p className="kuvert-cp-description">{p.description}</p>}
              <p className="kuvert-cp-meta">
                <span>{t('cp.whoMayWrite')}: {p.whoMayWrite.map((w) => t(`cp.writer.${w}` as Key)).join(', ')}</span>
                <span>{t('cp.limits', { mb: p.maxSizeMb, n: p.maxAttachments })}</span>
                {p.fileTypes && <span>{t('cp.fileTypes')}: {p.fileTypes.join(', ')}</span>}
                {p.recipientSystemId && <span>{t('cp.recipientSystem')}: {systemName(systems.data, p.recipientSystemId) ?? t('cp.someSystem')}</span>}
                {p.mailName && <span>{t('cp.mailName')}: {p.mailName}</span>}
              </p>
              <ul className="unstyled-list kuvert-row-actions">
                <li>
                  <RowAction icon="edit" label={t('cp.edit')} name={p.name} onClick={() => edit(p)} />
                </li>
                <li>
                  {p.active
                    ? <RowAction icon="close" label={t('cp.deactivate')} name={p.name} disabled={busy} onClick={() => void deactivate(p, false)} />
                    : <RowAction icon="refresh" label={t('cp.reactivate')} name={p.name} onClick={() => void reactivate(p)} />}
                </li>
              </ul>
              {inUse?.point.id === p.id && (
                <ConfirmStep heading={t('cp.inUseHeading', { name: p.name })} confirm={t('cp.deactivateAnyway')} busy={busy}
                  onConfirm={() => void deactivate(p, true)} onCancel={() => setInUse(undefined)}>
                  <p>{t('cp.inUseIntro')}</p>
                  <ul className="kuvert-uses">
                    {inUse.uses.map((u, i) => <li key={i}>{t(`cp.use.${u.kind}` as Key, { n: u.count, name: p.mailName ?? '' })}</li>)}
                  </ul>
                  <p>{t('cp.inUseAfter')}</p>
                </ConfirmStep>
              )}
            </div>
            {renderLevel(p.id, depth + 1)}
          </li>
        ))}
      </ul>
    );
  }

  return (
    <section className="kuvert-admin-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('admin.section.contactPoints')}</h2>
      <p>{t('cp.intro')}</p>
      {status.node}
      <Loaded state={points}>
        {() => (list.length === 0 ? <p className="kuvert-empty">{t('cp.none')}</p> : renderLevel(null, 0))}
      </Loaded>
      <ContactPointForm key={formKey} point={editing.kind === 'edit' ? editing.point : undefined} points={list}
        systems={systems.data?.filter((s) => s.kind === 'recipient' && (s.status === 'active' || (editing.kind === 'edit' && s.id === editing.point.recipientSystemId)))}
        onCancel={editing.kind === 'edit' ? () => { setEditing({ kind: 'new' }); setFormKey((n) => n + 1); } : undefined}
        onSaved={(name) => saved(editing.kind === 'edit' ? t('cp.updated', { name }) : t('cp.created', { name }))} />
    </section>
  );
}

const systemName = (systems: SystemAdminView[] | undefined, systemId: string) => systems?.find((s) => s.id === systemId)?.name;
