/**
 * Statistics (docs/statistics.md): an organisation's letters per month, by subscription group,
 * material or sending organisation, at `/api/admin/organisations/:organisationId/statistics` (JSON)
 * and `…/statistics.csv` (a spreadsheet file), for the organisation's administrators.
 */
import Type, { type Static } from 'typebox';
import { Id, Nullable, StringEnum } from './common.ts';

/** A month as `YYYY-MM` (Danish calendar month). */
export const MONTH_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$';
const Month = (description: string) => Type.String({ pattern: MONTH_PATTERN, description });

/** The longest period one answer covers, in months. */
export const STATISTICS_MAX_MONTHS = 60;

export const StatisticsDirection = StringEnum(['received', 'sent'], {
  description: '`received`: letters that arrived in the organisation\'s mailbox; `sent`: letters it sent that arrived in their recipients\' mailboxes',
});
export type StatisticsDirection = Static<typeof StatisticsDirection>;

export const StatisticsBy = StringEnum(['group', 'material', 'sender'], {
  description: 'rows per subscription group, per material, or (received letters only) per sending organisation',
});
export type StatisticsBy = Static<typeof StatisticsBy>;

export const StatisticsQuery = Type.Object({
  from: Type.Optional(Month('first month, included; default: 11 months before `to`')),
  to: Type.Optional(Month('last month, included; default: this month (Danish time)')),
  by: Type.Optional(StatisticsBy),
  direction: Type.Optional(StatisticsDirection),
}, { additionalProperties: false });
export type StatisticsQuery = Static<typeof StatisticsQuery>;

export const StatisticsCsvQuery = Type.Object({
  ...StatisticsQuery.properties,
  lang: Type.Optional(StringEnum(['da', 'en'], { description: 'language of the headings and the month names; default da' })),
}, { additionalProperties: false });
export type StatisticsCsvQuery = Static<typeof StatisticsCsvQuery>;

const OrganisationName = Type.Object({ name: Type.String(), cvr: Type.String() });

export const StatisticsRow = Type.Object({
  id: Nullable(Id(), { description: 'the subscription group, material or sending organisation; null: letters without one (no subscription group or material; sent by a citizen)' }),
  name: Nullable(Type.String(), { description: 'its name now; null when id is null (or it no longer exists)' }),
  code: Nullable(Type.String(), { description: 'a material\'s code' }),
  organisation: Nullable(OrganisationName, { description: 'whose subscription group or material it is (for received letters: the sender\'s); the organisation itself for `sender`' }),
  counts: Type.Array(Type.Integer({ minimum: 0 }), { description: 'letters per month, in the order of `months`' }),
  total: Type.Integer({ minimum: 0 }),
});
export type StatisticsRow = Static<typeof StatisticsRow>;

export const StatisticsView = Type.Object({
  organisation: Type.Object({ id: Id(), name: Type.String(), cvr: Type.String(), kind: StringEnum(['authority', 'company']) }),
  direction: StatisticsDirection,
  by: StatisticsBy,
  from: Month('first month'),
  to: Month('last month'),
  months: Type.Array(Month('a month of the period'), { description: 'every month from `from` to `to`' }),
  rows: Type.Array(StatisticsRow, { description: 'the largest total first' }),
  totals: Type.Array(Type.Integer({ minimum: 0 }), { description: 'all letters per month, in the order of `months`' }),
  total: Type.Integer({ minimum: 0 }),
});
export type StatisticsView = Static<typeof StatisticsView>;

/** The CSV file (`text/csv; charset=utf-8`, semicolon-separated, with a byte order mark). */
export const StatisticsCsv = Type.String({ description: 'semicolon-separated values with a UTF-8 byte order mark, as Danish Excel opens them' });
