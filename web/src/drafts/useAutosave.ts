import { useCallback, useEffect, useRef, useState } from 'react';
import { onBeforeExpiry } from '../session/clock.ts';

/** How long after the last keystroke a form is saved as a draft. */
export const AUTOSAVE_DELAY_MS = 2000;

export interface Autosave<C> {
  /** save now what is not saved yet (waits for a save under way) */
  flush: () => Promise<void>;
  /** the content as it is now counts as saved (e.g. just loaded from the draft) */
  reset: (content: C) => void;
  /** no more saves (the message is being sent, or the draft discarded) */
  stop: () => void;
  savedAt: Date | undefined;
  error: unknown;
}

/**
 * Saves a form's content as a draft while the person types, so that nothing typed is lost: a moment
 * after the last change, when the page is hidden or left, and when the session timeout warning comes.
 * `save` decides whether there is anything to keep (an empty new form is not a draft).
 */
export function useAutosave<C>(content: C, save: (content: C) => Promise<void>, delay = AUTOSAVE_DELAY_MS): Autosave<C> {
  const key = JSON.stringify(content);
  const latest = useRef({ content, key });
  latest.current = { content, key };
  const saveRef = useRef(save);
  saveRef.current = save;
  const savedKey = useRef(key);
  const running = useRef<Promise<void>>(Promise.resolve());
  const stopped = useRef(false);
  const [state, setState] = useState<{ savedAt: Date | undefined; error: unknown }>({ savedAt: undefined, error: undefined });

  const flush = useCallback(async () => {
    const next = running.current.then(async () => {
      const { content: now, key: nowKey } = latest.current;
      if (stopped.current || nowKey === savedKey.current) return;
      try {
        await saveRef.current(now);
        savedKey.current = nowKey;
        setState({ savedAt: new Date(), error: undefined });
      } catch (error) {
        setState((s) => ({ ...s, error }));
      }
    });
    running.current = next;
    return next;
  }, []);

  useEffect(() => {
    if (key === savedKey.current) return;
    const timer = window.setTimeout(() => void flush(), delay);
    return () => window.clearTimeout(timer);
  }, [key, delay, flush]);

  useEffect(() => {
    const hidden = () => { if (document.visibilityState === 'hidden') void flush(); };
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', hidden);
    const unregister = onBeforeExpiry(flush);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', hidden);
      unregister();
      // the page is left inside the app: what was typed since the last save is saved
      void flush();
    };
  }, [flush]);

  return {
    flush,
    reset: useCallback((c: C) => { savedKey.current = JSON.stringify(c); }, []),
    stop: useCallback(() => { stopped.current = true; }, []),
    savedAt: state.savedAt,
    error: state.error,
  };
}
