import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * A DKFDS modal dialog (`fds-modal`): for confirming what cannot be undone and for the timeout
 * warning. The focus moves into it and stays there (Tab cycles), Escape is `onEscape` (if given), and
 * the focus returns where it was when it closes. The page behind is inert while it is open.
 */
export function DkfdsModal({ title, children, buttons, onEscape, className }: {
  title: string;
  children: ReactNode;
  /** the footer's buttons; the focus goes to the one marked data-autofocus, else the first */
  buttons: ReactNode;
  onEscape?: () => void;
  className?: string;
}) {
  const id = useId();
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    document.body.classList.add('modal-open');
    (dialog.current?.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.current?.querySelector<HTMLElement>('.modal-footer button, .modal-footer a[href]'))?.focus();
    return () => {
      root?.removeAttribute('inert');
      document.body.classList.remove('modal-open');
      before?.focus?.();
    };
  }, []);

  const keys = (event: React.KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && onEscape) {
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key !== 'Tab') return;
    const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>('button:not([disabled]), a[href], input, select, textarea') ?? [])];
    if (focusable.length === 0) return;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  };

  return createPortal(
    <>
      <div className={`fds-modal${className ? ` ${className}` : ''}`} aria-hidden="false" role="dialog" aria-modal="true"
        aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} ref={dialog} onKeyDown={keys}>
        <div className="modal-content">
          <div className="modal-header">
            <h2 className="modal-title" id={`${id}-title`}>{title}</h2>
          </div>
          <div className="modal-body" id={`${id}-body`}>{children}</div>
          <div className="modal-footer">{buttons}</div>
        </div>
      </div>
      <div className="modal-backdrop show" />
    </>,
    document.body,
  );
}
