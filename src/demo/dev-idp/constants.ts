/** Where the development identity provider lives (only without OIDC_ISSUER). */
export const DEV_IDP_PATH = '/dev-idp';

export const devIdpIssuer = (publicUrl: string) => `${publicUrl}${DEV_IDP_PATH}`;

/** Users of the development identity provider are stored with this subject prefix (`dev-idp|<sub>`). */
export const DEV_IDP_SUBJECT_PREFIX = 'dev-idp|';
