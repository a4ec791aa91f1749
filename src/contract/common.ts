/**
 * Building blocks of the wire contract. Every schema here is plain JSON Schema as Fastify's Ajv,
 * fast-json-stringify and @fastify/swagger read it: TypeBox keeps its own marks (`~kind`,
 * `~optional`) as non-enumerable properties, which none of them sees.
 */
import Type, { type Static, type TSchema, type TSchemaOptions, type TStringOptions, type TUnsafe } from 'typebox';

/** A UUID as the routes take it in a path or a query: any case (they lower-case it). */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** A UUID Kuvert gives out (always lower case). */
export const Id = (options: TStringOptions = {}) => Type.String({ format: 'uuid', ...options });

/** A UUID a client gives in a path, a query or a body, checked by pattern. */
export const UuidInput = (options: TStringOptions = {}) => Type.String({ pattern: UUID_PATTERN, ...options });

/** An instant as ISO 8601 text (`2026-01-05T10:00:00.000Z`). */
export const DateTime = (options: TStringOptions = {}) => Type.String({ format: 'date-time', ...options });

/** One of some strings: `{type: 'string', enum}`. */
export const StringEnum = <const Values extends string[]>(values: readonly [...Values], options: TSchemaOptions = {}) =>
  Type.Enum(values, { type: 'string', ...options });

/**
 * The value or null, as one schema with `type: [T, 'null']` (not an `anyOf`): read, validated and
 * serialised as the plain type is. Only for schemas with a single `type`.
 */
export function Nullable<T extends TSchema & { type: string }>(schema: T, options: TSchemaOptions = {}): TUnsafe<Static<T> | null> {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'], ...options });
}

/** The body of a 204 answer. */
export const NoContent = Type.Null();
