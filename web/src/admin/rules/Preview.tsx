import { useEffect, useId, useRef } from 'react';
import type { RuleChoices, RulePreview } from '../../api.ts';
import { ListTable } from '../../common/AsyncTable.tsx';
import { longDate } from '../../common/format.ts';
import { useI18n, type T } from '../../i18n.ts';

type Letter = RulePreview['letters'][number];

/** A folder's name; the letters tried are in Indbakke or an own folder, so an id that is not an own folder is Indbakke. */
const folderName = (t: T, choices: RuleChoices, id: string) => choices.folders.find((f) => f.id === id)?.name ?? t('ruleAdmin.inbox');

function effects(t: T, choices: RuleChoices, l: Letter): string[] {
  const out: string[] = [];
  if (l.systems !== null) {
    const names = l.systems.map((id) => choices.systems.find((s) => s.id === id)?.name ?? t('ruleAdmin.unknown'));
    out.push(names.length === 0 ? t('ruleAdmin.preview.noSystems') : t('ruleAdmin.preview.systems', { names: names.join(', ') }));
  }
  if (l.notify > 0) out.push(l.notify === 1 ? t('ruleAdmin.preview.notifyOne') : t('ruleAdmin.preview.notify', { n: l.notify }));
  if (l.forward) out.push(t('ruleAdmin.preview.forward'));
  if (l.mark) out.push(t('ruleAdmin.preview.mark'));
  return out;
}

/**
 * What trying a draft showed: how many of the last letters it matches, and for each (newest first)
 * where it is and where the rules with the draft would put it, and what else would happen.
 */
export function PreviewResult({ preview, choices, stale }: { preview: RulePreview; choices: RuleChoices; stale: boolean }) {
  const { t, lang } = useI18n();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { heading.current?.focus(); }, [preview]);
  const { matched, tried, letters } = preview;
  const summary = tried === 0 ? t('ruleAdmin.preview.nothing')
    : matched === 0 ? t('ruleAdmin.preview.none', { tried })
    : t('ruleAdmin.preview.matched', { n: matched, tried });
  const columns = [t('ruleAdmin.preview.letter'), t('ruleAdmin.preview.sender'), t('ruleAdmin.preview.received'), t('ruleAdmin.preview.folder'), t('ruleAdmin.preview.other')];
  return (
    <section className="kuvert-sortrule-preview" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`} ref={heading} tabIndex={-1}>{t('ruleAdmin.preview.heading')}</h4>
      <p className="kuvert-sortrule-preview-count">{summary}</p>
      {stale && <p className="kuvert-sub">{t('ruleAdmin.preview.stale')}</p>}
      {letters.length < matched && <p className="kuvert-sub">{t('ruleAdmin.preview.shown', { n: letters.length })}</p>}
      {letters.length > 0 && (
        <ListTable items={letters} empty="" className="kuvert-sortrule-preview-list" caption={t('ruleAdmin.preview.caption')} columns={columns}
          row={(l) => {
            const [from, to] = [folderName(t, choices, l.folderId), folderName(t, choices, l.wouldFolderId)];
            const other = effects(t, choices, l);
            return (
              <tr key={l.messageId} data-message-id={l.messageId}>
                <td data-title={columns[0]} className="kuvert-title">{l.label}</td>
                <td data-title={columns[1]}>{l.sender}</td>
                <td data-title={columns[2]}><time dateTime={l.receivedAt}>{longDate(lang, l.receivedAt)}</time></td>
                <td data-title={columns[3]} className="kuvert-sortrule-move">
                  {l.folderId === l.wouldFolderId ? t('ruleAdmin.preview.stays', { folder: from }) : t('ruleAdmin.preview.moves', { from, to })}
                </td>
                <td data-title={columns[4]}>
                  {other.length === 0 ? '–' : other.join('. ')}
                  {l.stoppedBefore && <span className="kuvert-sub kuvert-sortrule-stopped">{t('ruleAdmin.preview.stoppedBefore')}</span>}
                </td>
              </tr>
            );
          }} />
      )}
    </section>
  );
}
