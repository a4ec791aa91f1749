import { DEMO } from '../identities.ts';

/** HTML that is markup already (made by the kit's `html` or `trusted`): never escaped again. */
export interface Markup {
  readonly value: string;
}

/**
 * The look of Kuvert's own login pages (src/api/auth/pages.ts), lent by the app that mounts the
 * provider: the test login looks like the real one, and the demo keeps no copy of it.
 */
export interface PageKit {
  /** the headers of every page */
  headers: Record<string, string>;
  /** a tagged template that escapes every interpolated value unless it is markup already */
  html(strings: TemplateStringsArray, ...values: unknown[]): Markup;
  /** markup as it is (oidc-provider's own forms) */
  trusted(value: string): Markup;
  page(options: { title: string; body: Markup; banner?: Markup; basePath?: string }): string;
  messagePage(options: { title: string; paragraphs: string[]; link?: { href: string; text: string }; banner?: Markup; basePath?: string }): string;
}

export const TEST_BANNER_TEXT = 'Testlogin — kun til udvikling, ikke MitID';

type Person = (typeof DEMO.people)[number];

const ROLE_LABELS: Record<string, string> = { 'super-admin': 'Superadministrator', admin: 'Administrator', writer: 'Skriver', reader: 'Læser' };

const organisationName = (cvr: string) =>
  [DEMO.company, DEMO.authority].find((o) => o.cvr === cvr)?.name ?? `CVR ${cvr}`;

/** An employee's access as the seed gives it, or what the provider says of them. */
function employeeAccess(person: Extract<Person, { cvr: string }>): string {
  if ('role' in person) return `${ROLE_LABELS[person.role] ?? person.role}${'folders' in person ? ` – mapper: ${person.folders.join(', ')}` : ''}`;
  if ('leadAdmin' in person) return 'Ledende administrator (LRA) – bliver superadministrator ved første login';
  return 'Ingen adgang endnu – kan anmode om adgang';
}

const formatCpr = (cpr: string) => `${cpr.slice(0, 6)}-${cpr.slice(6)}`;

/** The pages of the development provider (Danish), each under the "test login" warning. */
export function devIdpPages(kit: PageKit, publicUrl: string, basePath: string) {
  const { html } = kit;
  const banner = html`<header class="ka-test-banner"><strong>${TEST_BANNER_TEXT}</strong>
<span>Personerne er fiktive demo-data. Brug aldrig rigtige personoplysninger her.</span></header>`;
  const message = (title: string, paragraphs: string[], link?: { href: string; text: string }) =>
    kit.messagePage({ basePath, title, paragraphs, ...(link ? { link } : {}), banner });

  const personButton = (person: Person): Markup => {
    const detail = 'cpr' in person
      ? `CPR ${formatCpr(person.cpr)}`
      : `${organisationName(person.cvr)} (CVR ${person.cvr}) · ${employeeAccess(person)}`;
    return html`<li><button type="submit" name="sub" value="${person.sub}" class="ka-person">
<span class="ka-person-name">${person.name}</span>
<span class="ka-person-detail">${detail}</span>
</button></li>`;
  };

  return {
    headers: kit.headers,

    /** the interaction page: choose the demo person to log in as */
    login(interactionPath: string, clientId: string): string {
      const citizens = DEMO.people.filter((p) => 'cpr' in p);
      const employees = DEMO.people.filter((p) => 'cvr' in p);
      const list = (people: Person[], heading: string, id: string) => html`<section aria-labelledby="${id}">
<h2 id="${id}">${heading}</h2>
<form method="post" action="${interactionPath}/login">
<ul class="ka-people unstyled-list">
${people.map(personButton)}
</ul>
</form>
</section>`;
      return kit.page({
        title: 'Testlogin',
        banner,
        basePath,
        body: html`<h1>Vælg, hvem du vil logge ind som</h1>
<p>Dette er Kuverts indbyggede udviklings-login. Det bruges kun, når der ikke er sat en rigtig
login-udbyder op (<code>OIDC_ISSUER</code>). Du logger ind på Kuvert som den person, du vælger.</p>
${list(citizens, 'Borgere', 'ka-citizens')}
${list(employees, 'Medarbejdere', 'ka-employees')}
<div class="ka-actions">
<form method="post" action="${interactionPath}/abort"><button type="submit" class="ka-secondary">Afbryd login</button></form>
</div>
<p class="ka-muted">Klient: ${clientId}</p>`,
      });
    },

    /** an interaction that is over or expired */
    expired: () => message('Login-forløbet er udløbet', ['Siden hører til et login, der er afsluttet eller udløbet. Start forfra fra Kuvert.'],
      { href: `${publicUrl}/auth/login`, text: 'Log ind igen' }),

    /** a form posted from another site */
    refused: (sentence: string) => message('Afvist', [sentence]),

    unknownPerson: () => message('Ukendt person', ['Vælg en af personerne på listen.']),

    /** `form` is oidc-provider's own (hidden fields with its CSRF token); the buttons submit it */
    logout(form: string): string {
      return kit.page({
        title: 'Log ud af testlogin',
        banner,
        basePath,
        body: html`<h1>Log ud af testlogin?</h1>
<p>Du er logget ud af Kuvert. Vil du også logge ud af udviklings-login?</p>
${kit.trusted(form)}
<div class="ka-actions">
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout" class="ka-button">Ja, log ud</button>
<button type="submit" form="op.logoutForm" class="ka-secondary">Nej, forbliv logget ind</button>
</div>`,
      });
    },

    loggedOut: () => message('Du er logget ud', ['Du er logget ud af udviklings-login.'], { href: `${publicUrl}/`, text: 'Til Kuvert' }),

    error: (out: { error?: string; error_description?: string }) => message('Der opstod en fejl i testlogin',
      [`${out.error_description ?? 'Forespørgslen kunne ikke gennemføres.'}${out.error ? ` (${out.error})` : ''}`],
      { href: `${publicUrl}/auth/login`, text: 'Prøv at logge ind igen' }),
  };
}

export type DevIdpPages = ReturnType<typeof devIdpPages>;
