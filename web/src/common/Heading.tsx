import { useEffect, useRef, type ReactNode } from 'react';
import { hasNavigated } from '../router.tsx';

/**
 * The page's h1. After an in-app navigation it takes the focus (so screen readers announce the new
 * page and the next Tab starts from here) and it names the browser tab.
 */
export function PageHeading({ children, title, className }: { children: ReactNode; title: string; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus({ preventScroll: true });
  }, []);
  useEffect(() => {
    document.title = `${title} – Kuvert`;
  }, [title]);
  return <h1 ref={ref} tabIndex={-1} className={className ? `kuvert-heading ${className}` : 'kuvert-heading'}>{children}</h1>;
}
