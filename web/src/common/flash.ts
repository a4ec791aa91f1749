import { useEffect, useState } from 'react';

/** A one-time message for the next page (e.g. "Your message has been sent" after sending). */
export interface Flash { text: string; variant: 'success' | 'info'; path: string }
let pending: Flash | undefined;

export function setFlash(path: string, text: string, variant: Flash['variant'] = 'success'): void {
  pending = { text, variant, path };
}

/** The flash left for `path`, once. */
export function useFlash(path: string): Flash | undefined {
  const [flash] = useState(() => (pending?.path === path ? pending : undefined));
  useEffect(() => {
    if (pending?.path === path) pending = undefined;
  }, [path]);
  return flash;
}
