import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, type Detail, type Sent } from '../api.ts';
import { DiscardDraftButton, DraftStatus } from '../drafts/DraftControls.tsx';
import { useAutosave } from '../drafts/useAutosave.ts';
import { useReplyDraft } from '../drafts/useReplyDraft.ts';
import { Alert } from '../common/Alert.tsx';
import { errorText } from '../common/errors.ts';
import { hasPassed, longDate } from '../common/format.ts';
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

/**
 * Whether the reply deadline has passed, checked again every 15 seconds while the form is open (and
 * when the server says so), so that a reply is not written only to fail when it is sent.
 */
function useDeadlinePassed(replyBy: string | null): { passed: boolean; pass: () => void } {
  const [passed, setPassed] = useState(() => hasPassed(replyBy));
  useEffect(() => {
    if (!replyBy || passed) return;
    const timer = window.setInterval(() => { if (hasPassed(replyBy)) setPassed(true); }, 15_000);
    return () => window.clearInterval(timer);
  }, [replyBy, passed]);
  return { passed, pass: () => setPassed(true) };
}

/**
 * The reply: text and attachments. The thread (ReplyData) is the server's business, not the user's.
 * The text saves itself as the person's draft of a reply to this message (one per message), which
 * comes back when the form opens again (from Kladder, or after logging in again); attachments stay in
 * the form only.
 */
export function ReplyForm({ message, onCancel, onSent }: { message: Detail; onCancel: () => void; onSent: (sent: Sent) => void }) {
  const { t, lang } = useI18n();
  const { mailbox, reloadFolders } = useMailbox();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [text, setText] = useState('');
  const [draftId, setDraftId] = useState<string>();
  const autosave = useAutosave(text, async (now) => {
    if (!draftId && !now.trim()) return;
    setDraftId((await api.createDraft(mailbox.id, { kind: 'reply', messageId: message.id, text: now })).id);
    reloadFolders();
  });
  // the draft saved before comes back (unless the person has started typing meanwhile)
  const draft = useReplyDraft(mailbox.id, message.id);
  useEffect(() => {
    if (!draft) return;
    setDraftId(draft.id);
    setText((typed) => {
      if (typed !== '') return typed;
      autosave.reset(draft.text);
      return draft.text;
    });
  }, [draft]);
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<{ text?: string; files?: string }>({});
  const [failure, setFailure] = useState<string>();
  const [sending, setSending] = useState(false);
  const limits = useReplyLimits(message.replyTo?.contactPointId);
  const expired = useDeadlinePassed(message.replyBy);

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
    if (expired.passed) return;
    setSending(true);
    try {
      const attachments = files.map(toAttachment);
      await autosave.flush();
      const sent = await api.reply(mailbox.id, message.id, text, attachments);
      // sent: the draft has done its work
      autosave.stop();
      if (draftId) await api.deleteDraft(mailbox.id, draftId).catch(() => undefined);
      onSent(sent);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'REPLY_DEADLINE_PASSED') expired.pass();
      else setFailure(errorText(t, error));
      setSending(false);
    }
  }

  const to = message.replyTo?.organisationName ?? message.senderName;
  return (
    <section className="kuvert-reply" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>{t('reply.heading', { title: message.label })}</h2>
      <p>{message.recipientContactPoint && message.replyTo?.contactPointId === null
        ? t('trust.replyToContactPoint', { name: to, contactPoint: message.recipientContactPoint.name })
        : t('reply.to', { name: to })}</p>
      {expired.passed && <Alert variant="warning" focus>{t('trust.replyClosed', { date: longDate(lang, message.replyBy) })}</Alert>}
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
          <button type="submit" className="button button-primary" disabled={sending || expired.passed}>{sending ? t('compose.sending') : t('reply.send')}</button>
          <button type="button" className="button button-secondary" disabled={sending} onClick={() => void autosave.flush()}>{t('drafts.save')}</button>
          <button type="button" className="button button-tertiary" onClick={onCancel} disabled={sending}>{t('reply.cancel')}</button>
          {draftId && (
            <DiscardDraftButton title={t('drafts.replyTo', { title: message.label })} disabled={sending} onDiscard={async () => {
              autosave.stop();
              await api.deleteDraft(mailbox.id, draftId);
              reloadFolders();
              onCancel();
            }} />
          )}
        </div>
        <DraftStatus autosave={autosave} />
      </form>
    </section>
  );
}
