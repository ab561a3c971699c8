import { api, tenantPath } from './api.js';

interface Challenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

/**
 * Solves the municipality's proof-of-work challenge (the ALTCHA scheme: find the number whose
 * SHA-256 with the salt is the challenge) and answers the `X-Altcha` header value. A person's
 * browser spends a second on it; a bot firing thousands of requests spends that many seconds.
 */
export async function solveChallenge(tenant: string): Promise<string> {
  const challenge = await api<Challenge>(tenantPath(tenant, '/challenge'));
  const encoder = new TextEncoder();
  for (let number = 0; number <= challenge.maxnumber; number++) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(`${challenge.salt}${number}`)));
    if (toHex(digest) === challenge.challenge) {
      const { algorithm, salt, signature } = challenge;
      return btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number, salt, signature }));
    }
  }
  throw new Error('The challenge has no solution');
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
