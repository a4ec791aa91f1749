import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** How long one login attempt (from `/auth/login` to `/auth/callback`) may take. */
export const LOGIN_STATE_MINUTES = 10;

export interface LoginState {
  /** PKCE code verifier */
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

interface Sealed extends LoginState {
  exp: number;
}

/**
 * Seals login states into cookie values: AES-256-GCM (confidential and tamper-proof) with a key
 * derived from the OIDC client secret, which every instance of a deployment shares, so a login
 * may start on one instance and finish on another.
 */
export function loginStateSealer(secret: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'kuvert', 'kuvert login state cookie v1', 32));
  return {
    seal(value: LoginState, now = Date.now()): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = Buffer.from(JSON.stringify({ ...value, exp: now + LOGIN_STATE_MINUTES * 60_000 } satisfies Sealed));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    /** the state, or undefined if the value is missing, forged, altered or expired */
    open(sealed: string | undefined, now = Date.now()): LoginState | undefined {
      if (!sealed) return undefined;
      try {
        const raw = Buffer.from(sealed, 'base64url');
        if (raw.length < 29) return undefined;
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        const value = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as Partial<Sealed>;
        if (typeof value.exp !== 'number' || value.exp < now) return undefined;
        const { verifier, state, nonce, returnTo } = value;
        if (![verifier, state, nonce, returnTo].every((v) => typeof v === 'string')) return undefined;
        return { verifier: verifier!, state: state!, nonce: nonce!, returnTo: returnTo! };
      } catch {
        return undefined;
      }
    },
  };
}
