/** The delete that can still be undone, for the folder page shown next (as web/src/common/flash.ts's flash). */
export interface PendingUndo {
  mailboxId: string;
  messageId: string;
  label: string;
  /** where the folder page is that offers it */
  path: string;
}

let pending: PendingUndo | undefined;

export function offerUndo(undo: PendingUndo): void {
  pending = undo;
}

/** The undo offered for `path`, once. */
export function takeUndo(path: string): PendingUndo | undefined {
  if (pending?.path !== path) return undefined;
  const undo = pending;
  pending = undefined;
  return undo;
}
