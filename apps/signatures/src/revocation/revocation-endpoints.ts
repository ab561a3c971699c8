import type { RevocationEndpoints } from './pkix';

/**
 * The public addresses a signer certificate names for its revocation status, under `PUBLIC_URL`:
 * the CRL and the certificate of the CA that issued it (each CA of a tenant has its own), and the
 * tenant's OCSP responder (it answers for every CA of the tenant).
 */
export class RevocationEndpointsOf {
  constructor(private readonly publicUrl: string) {}

  forCa(tenant: string, caSha256: string): RevocationEndpoints {
    const base = `${this.publicUrl.replace(/\/$/, '')}/api/v1/tenants/${tenant}/signatures`;
    return { crlUrl: `${base}/cas/${caSha256}/crl`, ocspUrl: `${base}/ocsp`, caIssuersUrl: `${base}/cas/${caSha256}/ca.crt` };
  }
}
