import { useId, useState, type FormEvent } from 'react';
import { api, type ContactPoint } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { ErrorSummary } from '../common/ErrorSummary.tsx';
import { errorText } from '../common/errors.ts';
import { Icon } from '../common/Icon.tsx';
import { setFlash } from '../common/flash.ts';
import { useI18n } from '../i18n.ts';
import { useMailbox } from '../mailbox/MailboxContext.tsx';
import { Link, navigate, paths } from '../router.tsx';
import { AttachmentPicker, attachmentProblems } from './AttachmentPicker.tsx';
import { limitsOf, toAttachment } from './attachments.ts';
import { ContactPointPicker } from './ContactPointPicker.tsx';

type Field = 'recipient' | 'subject' | 'text' | 'files';

/** A new message to an authority's contact point: recipient, subject, text, attachments. */
export function ComposePage() {
  const { t, lang } = useI18n();
  const { mailbox, reloadFolders } = useMailbox();
  const id = useId();
  const [point, setPoint] = useState<ContactPoint>();
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const limits = limitsOf(point);
  const fieldId = (field: Field) => `${id}-${field}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!point) found.recipient = t('compose.chooseRecipient');
    if (!subject.trim()) found.subject = t('compose.subjectRequired');
    if (!text.trim()) found.text = t('compose.textRequired');
    const problems = attachmentProblems(t, lang, files, limits);
    if (problems.length) found.files = problems.join(' ');
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    setSending(true);
    try {
      const attachments = files.map(toAttachment);
      const sent = await api.send(mailbox.id, { contactPointId: point!.id, label: subject.trim(), text, attachments });
      reloadFolders();
      const next = paths.folder(mailbox.id, sent.folderId);
      setFlash(next, t('message.sent'));
      navigate(next);
    } catch (error) {
      setFailure(errorText(t, error));
      setSending(false);
    }
  }

  const errorList = Object.entries(errors) as [Field, string][];
  const title = t('compose.heading');
  return (
    <div className="kuvert-compose">
      <div>
        <Link to={paths.folder(mailbox.id)} className="back-link"><Icon name="chevron-left" />{t('message.back', { folder: t('folder.INBOX') })}</Link>
      </div>
      <PageHeading title={title}>{title}</PageHeading>
      <ErrorSummary errors={errorList.map(([field, message]) => [fieldId(field), message])} attempt={attempt} />
      {failure && <Alert variant="error" focus>{failure}</Alert>}
      <form onSubmit={submit} noValidate>
        <ContactPointPicker id={fieldId('recipient')} mailboxId={mailbox.id} chosen={point} onChoose={setPoint} error={errors.recipient} />
        {point && <p className="form-hint kuvert-limits">{t('compose.limits', { count: limits.count, mb: limits.mb })}</p>}
        <div className={`form-group${errors.subject ? ' form-error' : ''}`}>
          <label className="form-label" htmlFor={fieldId('subject')}>{t('compose.subject')}</label>
          {errors.subject && <span className="form-error-message" id={`${fieldId('subject')}-error`}><span className="sr-only">{t('app.error')}: </span>{errors.subject}</span>}
          <input id={fieldId('subject')} className="form-input input-width-xl" type="text" value={subject} maxLength={250} required autoComplete="off"
            aria-invalid={errors.subject ? true : undefined} aria-describedby={errors.subject ? `${fieldId('subject')}-error` : undefined}
            onChange={(e) => setSubject(e.target.value)} />
        </div>
        <div className={`form-group${errors.text ? ' form-error' : ''}`}>
          <label className="form-label" htmlFor={fieldId('text')}>{t('compose.text')}</label>
          {errors.text && <span className="form-error-message" id={`${fieldId('text')}-error`}><span className="sr-only">{t('app.error')}: </span>{errors.text}</span>}
          <textarea id={fieldId('text')} className="form-input kuvert-textarea" rows={10} value={text} required
            aria-invalid={errors.text ? true : undefined} aria-describedby={errors.text ? `${fieldId('text')}-error` : undefined}
            onChange={(e) => setText(e.target.value)} />
        </div>
        <div id={fieldId('files')} tabIndex={-1} className="kuvert-attachments">
          <AttachmentPicker files={files} onChange={setFiles} limits={limits} {...(errors.files ? { error: errors.files } : {})} />
        </div>
        <div className="kuvert-form-buttons">
          <button type="submit" className="button button-primary" disabled={sending}>{sending ? t('compose.sending') : t('compose.send')}</button>
        </div>
      </form>
    </div>
  );
}

