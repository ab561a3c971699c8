/** A signed-in member of staff: the bearer token and what the page shows of its claims. */
export interface Session {
  token: string;
  /** The token's subject: the id other services know this person by. */
  userId: string;
  name: string;
  tenant: string;
  roles: string[];
}

const STORAGE_KEY = 'amtsweg.session';

/**
 * Kept in sessionStorage: gone when the tab closes, never sent anywhere but as the bearer header.
 * An expired token counts as signed out.
 */
export function currentSession(): Session | undefined {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (!stored) return undefined;
  const session = JSON.parse(stored) as Session & { expiresAt: number };
  if (session.expiresAt <= Date.now()) {
    signOut();
    return undefined;
  }
  return session;
}

/**
 * `known`: what messaging answered for a token of the municipality's own issuer (`…/people/me`),
 * whose claims name neither our tenant nor our person nor our roles.
 */
export function signIn(token: string, known?: Pick<Session, 'userId' | 'name' | 'tenant' | 'roles'>): Session {
  const claims = decodeClaims(token);
  const session = {
    token,
    userId: known?.userId ?? String(claims.sub ?? ''),
    name: known?.name ?? String(claims.name ?? claims.sub ?? ''),
    tenant: known?.tenant ?? String(claims.tenant ?? ''),
    roles: known?.roles ?? (Array.isArray(claims.roles) ? claims.roles.map(String) : []),
    expiresAt: Number(claims.exp ?? 0) * 1000,
  };
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** The token's payload, for display only: the services verify the signature, not the page. */
function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}
