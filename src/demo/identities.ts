/** Fixed demo identities and credentials; the README lists them, so its examples work verbatim. */
export const DEMO = {
  authority: { cvr: '12345678', name: 'Kommunen' },
  company: { cvr: '29876543', name: 'Demo ApS', pUnits: [
    { pNumber: '1012345678', name: 'Demo ApS, Hovedkontor' },
    { pNumber: '1012345679', name: 'Demo ApS, Lager Aarhus' },
  ] },
  citizens: [
    { cpr: '2211771212', name: 'Jens Hansen', status: 'registered' as const },
    { cpr: '0101904321', name: 'Anne Jensen', status: 'registered' as const },
    { cpr: '0505805555', name: 'Peter Fritaget', status: 'exempt' as const },
  ],
  systems: {
    authoritySender: {
      id: '11111111-1111-4111-8111-111111111111', secret: 'demo-sender-secret-kommunen-0001',
      name: 'Kommunen afsendersystem', kind: 'sender' as const, owner: 'authority' as const,
    },
    authorityRecipient: {
      id: '33333333-3333-4333-8333-333333333333', secret: 'demo-recipient-secret-kommunen-03',
      name: 'Kommunen ESDH', kind: 'recipient' as const, owner: 'authority' as const,
    },
    companyRecipient: {
      id: '22222222-2222-4222-8222-222222222222', secret: 'demo-recipient-secret-demoaps-002',
      name: 'Demo ApS ESDH', kind: 'recipient' as const, owner: 'company' as const,
    },
  },
  /** Folders of their own that the demo company starts with (extended level). */
  companyFolders: ['BBR', 'Løn'],
  /**
   * People who log in through the development identity provider. `sub` is their subject there;
   * citizens are known by CPR, employees by their organisation (CVR) and, where given, their role in
   * Kuvert. Lars (the provider marks him as Demo ApS's lead administrator, MitID Erhverv "LRA") and
   * Sofie have no access in the seed: Lars becomes super-administrator at his first login, Sofie can
   * ask for access (docs/admin.md).
   */
  people: [
    { sub: 'demo-citizen-jens', name: 'Jens Hansen', cpr: '2211771212' },
    { sub: 'demo-citizen-anne', name: 'Anne Jensen', cpr: '0101904321' },
    { sub: 'demo-employee-mette', name: 'Mette Nielsen', cvr: '29876543', role: 'super-admin' as const, email: 'mette@demoaps.example' },
    { sub: 'demo-employee-ole', name: 'Ole Pedersen', cvr: '29876543', role: 'reader' as const, folders: ['Løn'], email: 'ole@demoaps.example' },
    { sub: 'demo-employee-karen', name: 'Karen Sørensen', cvr: '12345678', role: 'super-admin' as const, email: 'karen@kommunen.example' },
    { sub: 'demo-employee-lars', name: 'Lars Ravn', cvr: '29876543', leadAdmin: true },
    { sub: 'demo-employee-sofie', name: 'Sofie Holm', cvr: '29876543' },
  ],
  contactPoints: [
    { id: '44444444-4444-4444-8444-444444444401', name: 'Borgerservice', description: 'Generelle henvendelser til kommunen', contactGroup: 'Borger', mailName: 'borgerservice' },
    { id: '44444444-4444-4444-8444-444444444402', name: 'Byggesager', description: 'Byggetilladelser og BBR', contactGroup: 'Teknik og Miljø', mailName: 'byggesager' },
  ],
} as const;
