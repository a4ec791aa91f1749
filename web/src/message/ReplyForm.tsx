import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, type Detail } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { errorText } from '../common/errors.ts';
import { AttachmentPicker, attachmentProblems, type Limits } from '../compose/AttachmentPicker.tsx';
import { DEFAULT_LIMITS, limitsOf, toAttachment } from '../compose/attachments.ts';
import { useI18n } from '../i18n.ts';
import { useMailbox } from '../mailbox/MailboxContext.tsx';

/** The limits of the contact point the reply goes to (defaults until they are known). */
function useReplyLimits(contactPointId: string | null | undefined): Limits {
  const [limits, setLimits] = useState<Limits>(DEFAULT_LIMITS);
  useEffect(() => {
    if (!contactPointId) return;
    let live = true;
    api.contactPoints('').then((points) => {
      const point = points.find((p) => p.id === contactPointId);
      if (live && point) setLimits(limitsOf(point));
    }, () => { /* the defaults stand; the server checks anyway */ });
    return () => { live = false; };
  }, [contactPointId]);
  return limits;
}

/** The reply: text and attachments. The thread (ReplyData) is the server's business, not the user's. */
export function ReplyForm({ message, onCancel, onSent }: { message: Detail; onCancel: () => void; onSent: () => void }) {
  const { t, lang } = useI18n();
  const { mailbox } = useMailbox();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<{ text?: string; files?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);
  const limits = useReplyLimits(message.replyTo?.contactPointId);

  useEffect(() => { heading.current?.focus(); }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = attachmentProblems(t, lang, files, limits);
    const found = { ...(text.trim() ? {} : { text: t('compose.textRequired') }), ...(problems.length ? { files: problems.join(' ') } : {}) };
    setErrors(found);
    setFailure(undefined);
    if (found.text || found.files) {
      document.getElementById(found.text ? `${id}-text` : `${id}-files`)?.focus();
      return;
    }
    setSending(true);
    try {
      const attachments = files.map(toAttachment);
      await api.reply(mailbox.id, message.id, text, attachments);
      onSent();
    } catch (error) {
      setFailure(errorText(t, error));
      setSending(false);
    }
  }

  const to = message.replyTo?.organisationName ?? message.senderName;
  return (
    <section className="kuvert-reply" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>{t('reply.heading', { title: message.label })}</h2>
      <p>{t('reply.to', { name: to })}</p>
      {failure && <Alert variant="error" focus>{failure}</Alert>}
      <form onSubmit={submit} noValidate>
        <div className={`form-group${errors.text ? ' form-error' : ''}`}>
          <label className="form-label" htmlFor={`${id}-text`}>{t('reply.text')}</label>
          {errors.text && <span className="form-error-message" id={`${id}-text-error`}><span className="sr-only">{t('app.error')}: </span>{errors.text}</span>}
          <textarea id={`${id}-text`} className="form-input kuvert-textarea" rows={8} value={text} required
            aria-invalid={errors.text ? true : undefined} aria-describedby={errors.text ? `${id}-text-error` : undefined}
            onChange={(e) => setText(e.target.value)} />
        </div>
        <div id={`${id}-files`} tabIndex={-1} className="kuvert-attachments">
          <AttachmentPicker files={files} onChange={setFiles} limits={limits} {...(errors.files ? { error: errors.files } : {})} />
        </div>
        <div className="kuvert-form-buttons">
          <button type="submit" className="button button-primary" disabled={sending}>{sending ? t('compose.sending') : t('reply.send')}</button>
          <button type="button" className="button button-tertiary" onClick={onCancel} disabled={sending}>{t('reply.cancel')}</button>
        </div>
      </form>
    </section>
  );
}
