import { useEffect, useState } from 'react';
import { fileUrl, type Detail, type DocumentView } from '../api.ts';
import { fileSize } from '../common/format.ts';
import { Icon } from '../common/Icon.tsx';
import { useI18n } from '../i18n.ts';
import { useMailbox } from '../mailbox/MailboxContext.tsx';

const ORDER = { main: 0, additional: 1, technical: 2 } as const;

/** The documents: PDF inline, HTML in a sandboxed frame, text as text, everything else as a download. */
export function Documents({ message }: { message: Detail }) {
  const { t } = useI18n();
  const documents = [...message.documents].sort((a, b) => ORDER[a.role] - ORDER[b.role]);
  if (documents.length === 0) return null;
  return (
    <section className="kuvert-documents" aria-labelledby="documents-heading">
      <h2 id="documents-heading">{t('message.documents')}</h2>
      {documents.map((doc) => <Document key={doc.id} message={message} doc={doc} />)}
    </section>
  );
}

function kindOf(format: string): 'pdf' | 'html' | 'text' | 'other' {
  const type = format.toLowerCase().split(';')[0]!.trim();
  if (type === 'application/pdf') return 'pdf';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/plain') return 'text';
  return 'other';
}

function Document({ message, doc }: { message: Detail; doc: DocumentView }) {
  const { t, lang } = useI18n();
  const { mailbox } = useMailbox();
  const url = fileUrl(mailbox.id, message.id, doc.id);
  const download = fileUrl(mailbox.id, message.id, doc.id, true);
  const kind = kindOf(doc.encodingFormat);
  const name = doc.label || doc.filename;
  const role = doc.role === 'main' ? t('message.mainDocument') : doc.role === 'additional' ? t('message.additionalDocument') : t('message.technicalDocument');
  return (
    <div className="kuvert-document" data-kind={kind}>
      <h3 className="h4 kuvert-document-heading">
        <Icon name={kind === 'pdf' ? 'file-pdf' : 'file'} />
        <span>{name}</span>
        <span className="kuvert-muted kuvert-document-role">{role}</span>
      </h3>
      {kind === 'pdf' && (
        <iframe className="kuvert-frame kuvert-pdf" src={`${url}#view=FitH&navpanes=0`} title={t('message.pdfTitle', { name })} />
      )}
      {kind === 'html' && (
        <iframe className="kuvert-frame kuvert-html" src={url} sandbox="" title={t('message.htmlTitle', { name })} />
      )}
      {kind === 'text' && <TextDocument url={url} />}
      <p className="kuvert-document-links">
        <a href={download} className="function-link" download={doc.filename}>
          <Icon name="download" />{t('message.download', { name: doc.filename, size: fileSize(lang, doc.size) })}
        </a>
        {kind === 'pdf' && (
          <a href={url} className="function-link" target="_blank" rel="noopener">
            <Icon name="open-in-new" />{t('message.openPdf')}
          </a>
        )}
      </p>
    </div>
  );
}

/** Plain text is fetched and shown as text (never as HTML). */
function TextDocument({ url }: { url: string }) {
  const { t } = useI18n();
  const [text, setText] = useState<string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    fetch(url, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
      .then((body) => { if (live) setText(body); }, () => { if (live) setFailed(true); });
    return () => { live = false; };
  }, [url]);
  if (failed) return <p>{t('app.errorText')}</p>;
  if (text === undefined) return <p role="status">{t('app.loading')}</p>;
  return <pre className="kuvert-text" tabIndex={0}>{text}</pre>;
}
