import { useState } from 'react';
import { useI18n } from '../i18n.ts';
import { CERTIFICATE_ACCEPT, MAX_CERTIFICATE_BYTES, readCertificateFile } from './certificates.ts';

export type CertificateSource = 'file' | 'paste';

/**
 * A certificate: a file (.pem, .crt, .cer — read here in the browser) or PEM text pasted into the
 * field below it; a chosen file's text lands in that field too. `id` is the file input's (the error
 * summary links to it).
 */
export function CertificateInput({ id, label, pasteLabel, hint, value, onChange, error }: {
  id: string;
  label: string;
  pasteLabel: string;
  hint: string;
  value: string;
  onChange: (pem: string, source: CertificateSource) => void;
  error: string | undefined;
}) {
  const { t } = useI18n();
  const [fileProblem, setFileProblem] = useState<string>();
  const [fileName, setFileName] = useState<string>();
  const shown = error ?? fileProblem;

  async function choose(file: File | undefined) {
    setFileProblem(undefined);
    if (!file) return;
    setFileName(file.name);
    if (file.size === 0 || file.size > MAX_CERTIFICATE_BYTES) {
      setFileProblem(t('cert.fileSize', { name: file.name }));
      onChange('', 'file');
      return;
    }
    try {
      onChange(await readCertificateFile(file), 'file');
    } catch {
      setFileProblem(t('cert.fileUnreadable', { name: file.name }));
    }
  }

  const describedBy = [`${id}-hint`, ...(shown ? [`${id}-error`] : [])].join(' ');
  return (
    <div className="kuvert-certificate-input">
      <div className={`form-group${shown ? ' form-error' : ''}`}>
        <label className="form-label" htmlFor={id}>{label}</label>
        <span className="form-hint" id={`${id}-hint`}>{hint}</span>
        {shown && <span className="form-error-message" id={`${id}-error`}><span className="sr-only">{t('app.error')}: </span>{shown}</span>}
        <input id={id} type="file" accept={CERTIFICATE_ACCEPT} aria-describedby={describedBy} aria-invalid={shown ? true : undefined}
          onChange={(e) => {
            void choose(e.target.files?.[0]);
            e.target.value = ''; // the same file again (after editing the text) is read again
          }} />
        {fileName && <p className="kuvert-muted kuvert-file-chosen">{t('cert.fileChosen', { name: fileName })}</p>}
      </div>
      <div className="form-group">
        <label className="form-label" htmlFor={`${id}-pem`}>{pasteLabel}</label>
        <span className="form-hint" id={`${id}-pem-hint`}>{t('cert.pasteHint')}</span>
        <textarea id={`${id}-pem`} className="form-input kuvert-pem" rows={5} value={value} spellCheck={false} autoComplete="off"
          aria-describedby={`${id}-pem-hint`}
          onChange={(e) => { setFileName(undefined); setFileProblem(undefined); onChange(e.target.value, 'paste'); }} />
      </div>
    </div>
  );
}
