import type { DoctorArea, DoctorCheck } from '../../contract/index.ts';

/** A sentence in Danish and English. */
export interface Words { da: string; en: string }

/** Where in the portal a thing is changed. */
export type Place = 'systems' | 'contact-points' | 'certificates' | 'secure-mail' | 'overview' | 'materials';

export function linkTo(organisationId: string, place: Place): string | null {
  const admin = `/organisationer/${encodeURIComponent(organisationId)}/administration`;
  switch (place) {
    case 'systems': return `${admin}/systemer`;
    case 'contact-points': return `${admin}/kontaktpunkter`;
    case 'certificates': return `${admin}/certifikater`;
    case 'secure-mail': return `/organisationer/${encodeURIComponent(organisationId)}/sikker-email`;
    case 'overview': return admin;
    // materials are administered through the API (docs/admin.md); the portal has no page for them
    case 'materials': return null;
  }
}

export function green(area: DoctorArea, subject: string | null, found: Words): DoctorCheck {
  return { area, status: 'green', code: 'OK', subject, da: found.da, en: found.en, fixDa: null, fixEn: null, link: null };
}

export function red(area: DoctorArea, code: string, subject: string | null, found: Words, fix: Words, link: string | null): DoctorCheck {
  return { area, status: 'red', code, subject, da: found.da, en: found.en, fixDa: fix.da, fixEn: fix.en, link };
}

const AREA_ORDER: readonly DoctorArea[] = ['systems', 'replies', 'contact-points', 'addresses', 'secure-mail', 'materials', 'certificates'];

/** Red checks first, then by area in a fixed order, then as they were made. */
export function ordered(checks: readonly DoctorCheck[]): DoctorCheck[] {
  return checks.map((c, i) => ({ c, i })).sort((a, b) => (
    Number(a.c.status === 'green') - Number(b.c.status === 'green')
    || AREA_ORDER.indexOf(a.c.area) - AREA_ORDER.indexOf(b.c.area)
    || a.i - b.i
  )).map(({ c }) => c);
}
