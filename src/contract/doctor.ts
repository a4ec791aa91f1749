/**
 * The self-test, "Test om det virker" (docs/doctor.md): every check of an organisation's set-up,
 * green or red, at `POST /api/admin/organisations/:organisationId/doctor` (its administrators) and
 * `POST /api/operator/organisations/:cvr/doctor` (`kuvert doctor <cvr>`).
 */
import Type, { type Static } from 'typebox';
import { DateTime, Id, Nullable, StringEnum } from './common.ts';

export const DoctorArea = StringEnum(['systems', 'replies', 'contact-points', 'addresses', 'materials', 'certificates', 'secure-mail'], {
  description: 'what a check is about: sender and recipient systems, the reply round trip, contact points, the gateway addresses, materials, certificates, secure e-mail',
});
export type DoctorArea = Static<typeof DoctorArea>;

export const DoctorCheck = Type.Object({
  area: DoctorArea,
  status: StringEnum(['green', 'red']),
  code: Type.String({ description: '`OK`, or what is wrong, stable (e.g. `NO_DEFAULT_SENDER`, `CERTIFICATE_EXPIRED`, `CONTACT_POINT_RECEIVER_DISABLED`)' }),
  subject: Nullable(Type.String(), { description: 'the system, contact point, certificate, material or address checked; null for the organisation as a whole' }),
  da: Type.String({ description: 'what was checked and found, in Danish' }),
  en: Type.String({ description: 'the same in English' }),
  fixDa: Nullable(Type.String(), { description: 'for a red check: exactly what to change, in Danish' }),
  fixEn: Nullable(Type.String(), { description: 'the same in English' }),
  link: Nullable(Type.String(), { description: 'the portal page where it is changed (a path), if there is one' }),
});
export type DoctorCheck = Static<typeof DoctorCheck>;

export const DoctorReport = Type.Object({
  organisation: Type.Object({ id: Id(), name: Type.String(), cvr: Type.String() }),
  at: DateTime(),
  ok: Type.Boolean({ description: 'every check is green' }),
  checks: Type.Array(DoctorCheck, { description: 'red ones first, then by area' }),
  durationMs: Type.Integer({ minimum: 0 }),
});
export type DoctorReport = Static<typeof DoctorReport>;
