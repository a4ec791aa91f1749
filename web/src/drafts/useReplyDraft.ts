import { useEffect, useState } from 'react';
import { api, type Draft } from '../api.ts';

/** The person's draft of a reply to the message, if they have one (the reply form opens with it). */
export function useReplyDraft(mailboxId: string, messageId: string): Draft | undefined {
  const [draft, setDraft] = useState<Draft>();
  useEffect(() => {
    let live = true;
    (async () => {
      const [found] = await api.drafts(mailboxId, messageId);
      if (found && live) {
        const full = await api.draft(mailboxId, found.id);
        if (live) setDraft(full);
      }
    })().catch(() => { /* no draft to bring back */ });
    return () => { live = false; };
  }, [mailboxId, messageId]);
  return draft;
}
