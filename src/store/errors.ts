/**
 * Whether a database error is a unique violation (SQLSTATE 23505): another transaction wrote the
 * same key meanwhile, after the check that looked for it.
 */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

/**
 * Awaits `work` (a transaction); a unique violation in it is thrown as `conflict()` instead: the
 * answer its own check gives when it sees the row, for the writer who lost the race to it.
 */
export async function uniqueViolationAs<T>(conflict: () => Error, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict();
    throw err;
  }
}
