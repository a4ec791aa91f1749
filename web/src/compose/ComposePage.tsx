import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, type ContactPoint, type Draft } from '../api.ts';
import { Alert } from '../common/Alert.tsx';
import { PageHeading } from '../common/Heading.tsx';
import { ErrorSummary } from '../common/ErrorSummary.tsx';
import { errorText } from '../common/errors.ts';
import { Icon } from '../common/Icon.tsx';
import { setFlash } from '../common/flash.ts';
import { useI18n } from '../i18n.ts';
import { useMailbox } from '../mailbox/MailboxContext.tsx';
import { Link, navigate, paths, replaceSilently, useLocation } from '../router.tsx';
import { DiscardDraftButton, DraftStatus } from '../drafts/DraftControls.tsx';
import { composeDraftPath, DRAFT_PARAM, draftsFolder } from '../drafts/paths.ts';
import { useAutosave } from '../drafts/useAutosave.ts';
import { longDate } from '../common/format.ts';
import { AttachmentPicker, attachmentProblems } from './AttachmentPicker.tsx';
import { limitsOf, toAttachment } from './attachments.ts';
import { ContactPointPicker } from './ContactPointPicker.tsx';

type Field = 'recipient' | 'subject' | 'text' | 'files';

/**
 * A new message to an authority's contact point: recipient, subject, text, attachments. It saves
 * itself as a draft while the person types (Kladder; the address gets `?kladde=<id>`, so that
 * logging in again comes back to it); opened with `?kladde=<id>` it continues that draft.
 * Attachments are not kept in drafts: they stay in the form while it is open.
 */
export function ComposePage() {
  const { t, lang } = useI18n();
  const { mailbox, folders, reloadFolders } = useMailbox();
  const id = useId();
  const location = useLocation();
  const openedDraftId = new URLSearchParams(location.search).get(DRAFT_PARAM);
  const draftId = useRef<string | null>(openedDraftId);
  const [draft, setDraft] = useState<Draft>();
  const [draftMissing, setDraftMissing] = useState(false);
  const [savingDraft, setSavingDraft] = useState(false);
  const [draftSaved, setDraftSaved] = useState(false);
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

  const content = { contactPointId: point?.id ?? null, label: subject, text };
  const autosave = useAutosave(content, async (c) => {
    if (draftId.current) {
      setDraft(await api.saveDraft(mailbox.id, draftId.current, c));
      return;
    }
    if (!c.contactPointId && !c.label.trim() && !c.text.trim()) return;
    const created = await api.createDraft(mailbox.id, { kind: 'message', ...c });
    draftId.current = created.id;
    setDraft(created);
    // logging in again (returnTo) or reloading comes back to this draft
    replaceSilently(composeDraftPath(mailbox.id, created.id));
  });

  // opened from Kladder (or back after logging in again): the draft's recipient, subject and text
  useEffect(() => {
    if (!openedDraftId) return;
    let live = true;
    (async () => {
      const loaded = await api.draft(mailbox.id, openedDraftId);
      const points = loaded.contactPointId ? await api.contactPoints('', mailbox.id) : [];
      if (!live) return;
      const chosen = points.find((p) => p.id === loaded.contactPointId);
      setDraft(loaded);
      setPoint(chosen);
      setSubject(loaded.label);
      setText(loaded.text);
      autosave.reset({ contactPointId: chosen?.id ?? null, label: loaded.label, text: loaded.text });
    })().catch(() => { if (live) { draftId.current = null; setDraftMissing(true); } });
    return () => { live = false; };
  }, [mailbox.id, openedDraftId]);

  async function saveDraft() {
    setSavingDraft(true);
    setDraftSaved(false);
    await autosave.flush();
    setSavingDraft(false);
    setDraftSaved(draftId.current !== null);
  }

  async function discardDraft() {
    autosave.stop();
    if (draftId.current) await api.deleteDraft(mailbox.id, draftId.current);
    reloadFolders();
    const kladder = draftsFolder(mailbox.id, folders);
    setFlash(kladder, t('drafts.discarded'));
    navigate(kladder);
  }

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
      await autosave.flush();
      const sent = await api.send(mailbox.id, { contactPointId: point!.id, label: subject.trim(), text, attachments });
      // sent: the draft has done its work
      autosave.stop();
      if (draftId.current) await api.deleteDraft(mailbox.id, draftId.current).catch(() => undefined);
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
      {draftMissing && <Alert variant="warning">{t('drafts.notFound')}</Alert>}
      {draft && openedDraftId && !draftSaved && <Alert variant="info">{t('drafts.resumed', { date: longDate(lang, draft.updatedAt) })}</Alert>}
      {draftSaved && <Alert variant="success">{t('drafts.saved')}</Alert>}
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
        <DraftStatus autosave={autosave} />
        <div className="kuvert-form-buttons">
          <button type="submit" className="button button-primary" disabled={sending}>{sending ? t('compose.sending') : t('compose.send')}</button>
          <button type="button" className="button button-secondary" onClick={() => void saveDraft()} disabled={sending || savingDraft}>
            {savingDraft ? t('drafts.saving') : t('drafts.save')}
          </button>
          {draft && <DiscardDraftButton title={subject} onDiscard={discardDraft} disabled={sending} />}
        </div>
      </form>
    </div>
  );
}

