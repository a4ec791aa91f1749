import { useId, useRef } from 'react';
import { fileSize } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n, type T } from '../i18n.ts';
import { ACCEPT, ALLOWED_TYPES, typeOf } from './attachments.ts';

export interface Limits { count: number; mb: number }

/** Problems with the chosen files, as sentences (empty: fine). */
export function attachmentProblems(t: T, lang: 'da' | 'en', files: File[], limits: Limits): string[] {
  const problems: string[] = [];
  if (files.length > limits.count) problems.push(t('attach.tooMany', { count: limits.count }));
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > limits.mb * 1024 * 1024) problems.push(t('attach.tooBig', { size: fileSize(lang, total), mb: limits.mb }));
  for (const file of files) {
    if (!typeOf(file)) problems.push(t('attach.badType', { name: file.name }));
    else if (file.size === 0) problems.push(t('attach.empty', { name: file.name }));
  }
  return problems;
}

/** A file input with the allowed types and limits shown, and the chosen files listed with "Fjern". */
export function AttachmentPicker({ files, onChange, limits, error }: { files: File[]; onChange: (files: File[]) => void; limits: Limits; error?: string }) {
  const { t, lang } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const types = ALLOWED_TYPES.map((a) => a.name).join(', ');
  return (
    <div className={`form-group${error ? ' form-error' : ''}`}>
      <label className="form-label" htmlFor={id}>{t('attach.label')}</label>
      <span className="form-hint" id={`${id}-hint`}>{t('attach.hint', { types, count: limits.count, mb: limits.mb })}</span>
      {error && <span className="form-error-message" id={`${id}-error`}><span className="sr-only">{t('app.error')}: </span>{error}</span>}
      <input ref={input} id={id} type="file" multiple accept={ACCEPT} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          const chosen = Array.from(e.target.files ?? []);
          onChange([...files, ...chosen]);
          e.target.value = '';
        }} />
      {files.length > 0 && (
        <>
          <h3 className="h5 kuvert-files-heading">{t('attach.chosen')}</h3>
          <ul className="unstyled-list kuvert-files">
            {files.map((file, i) => (
              <li key={`${file.name}-${i}`}>
                <Icon name="attach-file" />
                <span className="kuvert-file-name">{file.name}</span> <span className="kuvert-muted">({fileSize(lang, file.size)})</span>
                <button type="button" className="function-link kuvert-remove-file" onClick={() => { onChange(files.filter((_, j) => j !== i)); input.current?.focus(); }}>
                  <Icon name="close" />{t('attach.remove', { name: file.name })}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
