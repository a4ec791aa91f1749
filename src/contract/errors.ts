import Type, { type Static } from 'typebox';

/** The error body of every 4xx and 5xx of `/apis/v1` and `/api` (a send's refusal is a `Receipt` instead). */
export const ErrorBody = Type.Object({
  errorCode: Type.String({ description: 'stable, machine-readable, e.g. `MEMO_NOT_FOUND`' }),
  errorMessage: Type.String({ description: 'a sentence for people' }),
  details: Type.Optional(Type.Array(Type.Unknown(), { description: 'what exactly is wrong, e.g. `{path, message}` per invalid field' })),
});
export type ErrorBody = Static<typeof ErrorBody>;
