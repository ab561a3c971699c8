import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PersonDeactivatedV1 } from '@amtsweg/contracts';
import { signaturesProcess } from '../src/signatures.process';
import { enrolSigners } from './enrolled-signer';
import { binary } from './http-binary';
import { describeWithPdfsig, pdfsig } from './pdfsig';
import { signedByOne } from './signature-requests';
import { startSignaturesApp, type SignaturesTestApp } from './signatures-app';
import { samplePdf } from './signing-fixtures';

const STAFF = 'staff@demo.example';
const CLERK = 'clerk@demo.example';
const ADMIN = 'admin@demo.example';

/** openssl, the independent reader of CRLs and OCSP answers; its output with stderr (where `ocsp` writes "Response verify OK"). */
function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
function opensslWithStderr(args: string[]): string {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}exit ${run.status}`;
}

/** A port nobody listens on right now, so that `PUBLIC_URL` can name the app before it listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Issue 18, "Revocation": CRL and OCSP for every signer certificate, revoked by a tenant-admin or
 * with the person. The app listens where its `PUBLIC_URL` says, so pdfsig (NSS) asks the OCSP
 * responder the certificates name, as a recipient's reader would.
 */
describeWithPdfsig('revocation of signer certificates', () => {
  let t: SignaturesTestApp;
  let signBody: (email: string) => Promise<{ otp: string }>;
  let dir: string;
  let caPem: string;
  let caSha256: string;
  let firstSigned: Buffer;

  beforeAll(async () => {
    const port = await freePort();
    t = await startSignaturesApp({ env: { PUBLIC_URL: `http://127.0.0.1:${port}` }, listen: { port } });
    signBody = await enrolSigners(t, [CLERK]);
    dir = mkdtempSync(join(tmpdir(), 'amtsweg-revocation-'));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The signed document the clerk's signature made. */
  async function clerkSigns(title: string): Promise<Buffer> {
    return signedByOne(t, { requester: STAFF, signer: CLERK, signBody }, { title, pdf: await samplePdf(1, title) });
  }

  /** The clerk's current certificate, as the service keeps it. */
  async function clerkCertificate(): Promise<{ pem: string; sha256: string; file: string }> {
    const [row] = (await t.dataSource.query(
      `SELECT certificate_pem, certificate_sha256 FROM signatures.signer_key WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [t.userId(CLERK)],
    )) as Array<{ certificate_pem: string; certificate_sha256: string }>;
    const file = join(dir, `signer-${row.certificate_sha256.slice(0, 8)}.pem`);
    writeFileSync(file, row.certificate_pem);
    return { pem: row.certificate_pem, sha256: row.certificate_sha256, file };
  }

  async function crlText(path: string): Promise<string> {
    const crl = await t.http().get(path).buffer(true).parse(binary).expect(200);
    expect(crl.headers['content-type']).toMatch(/^application\/pkix-crl/);
    writeFileSync(join(dir, 'crl.der'), crl.body as Buffer);
    // Verifies the CRL's signature with the CA certificate: "verify OK" on stderr, a failure exits non-zero.
    expect(opensslWithStderr(['crl', '-inform', 'DER', '-in', join(dir, 'crl.der'), '-CAfile', join(dir, 'ca.pem'), '-noout'])).toMatch(
      /verify OK/,
    );
    return openssl(['crl', '-inform', 'DER', '-in', join(dir, 'crl.der'), '-noout', '-text']);
  }

  /** Asks the responder with openssl's own OCSP request and reads its verified answer; the request's nonce must come back. */
  async function ocspStatus(certificateFile: string): Promise<string> {
    const requestFile = join(dir, 'ocsp-request.der');
    openssl(['ocsp', '-issuer', join(dir, 'ca.pem'), '-cert', certificateFile, '-reqout', requestFile]);
    const answer = await t
      .http()
      .post('/api/v1/tenants/demo/signatures/ocsp')
      .set('Content-Type', 'application/ocsp-request')
      .send(readFileSync(requestFile))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(answer.headers['content-type']).toMatch(/^application\/ocsp-response/);
    const responseFile = join(dir, 'ocsp-response.der');
    writeFileSync(responseFile, answer.body as Buffer);
    const nonceOf = (text: string) => /OCSP Nonce:\s*\n\s*([0-9A-F]+)/.exec(text)?.[1];
    const requestNonce = nonceOf(openssl(['ocsp', '-reqin', requestFile, '-req_text']));
    expect(requestNonce).toMatch(/^0410[0-9A-F]{32}$/);
    // openssl checks a nonce only against a request it builds itself (a new one): `-no_nonce`, and the echo compared here.
    const verified = opensslWithStderr([
      'ocsp',
      '-no_nonce',
      '-respin',
      responseFile,
      '-issuer',
      join(dir, 'ca.pem'),
      '-cert',
      certificateFile,
      '-CAfile',
      join(dir, 'ca.pem'),
      '-resp_text',
    ]);
    expect(nonceOf(verified)).toBe(requestNonce);
    return verified;
  }

  it('issues signer certificates that name the CA’s CRL, the OCSP responder and the CA certificate under PUBLIC_URL', async () => {
    firstSigned = await clerkSigns('Bescheid 1');
    const ca = await t.http().get('/api/v1/tenants/demo/signatures/ca.pem').expect(200);
    caPem = ca.text;
    caSha256 = ca.headers['x-certificate-sha256'] as string;
    writeFileSync(join(dir, 'ca.pem'), caPem);
    const text = openssl(['x509', '-in', (await clerkCertificate()).file, '-noout', '-text']);
    const base = `${t.config.publicUrl}/api/v1/tenants/demo/signatures`;
    expect(text).toContain(`URI:${base}/cas/${caSha256}/crl`);
    expect(text).toContain(`OCSP - URI:${base}/ocsp`);
    expect(text).toContain(`CA Issuers - URI:${base}/cas/${caSha256}/ca.crt`);
    const issuer = await t.http().get(`/api/v1/tenants/demo/signatures/cas/${caSha256}/ca.crt`).buffer(true).parse(binary).expect(200);
    expect((issuer.body as Buffer).toString('base64')).toBe(caPem.replace(/-----[A-Z ]+-----|\s/g, ''));
  });

  it('publishes a CRL signed by the CA, valid a day, without revoked certificates while none is revoked; OCSP says good', async () => {
    const text = await crlText('/api/v1/tenants/demo/signatures/crl');
    expect(text).toMatch(/No Revoked Certificates/);
    expect(text).toMatch(/X509v3 CRL Number/);
    const lastUpdate = new Date(/Last Update: (.+)/.exec(text)![1]);
    const nextUpdate = new Date(/Next Update: (.+)/.exec(text)![1]);
    expect(nextUpdate.getTime() - lastUpdate.getTime()).toBe(24 * 3_600_000);
    const status = await ocspStatus((await clerkCertificate()).file);
    expect(status).toMatch(/Response verify OK/);
    expect(status).toMatch(/: good/);
    const online = await pdfsig(firstSigned, caPem, { ocsp: true });
    expect(online.signatures.map((signature) => signature.certificate)).toEqual(['Certificate is Trusted.']);

    // The GET form of RFC 6960 A.1: the same request, base64 and URL-encoded in the path.
    const encoded = encodeURIComponent(readFileSync(join(dir, 'ocsp-request.der')).toString('base64'));
    const byGet = await t.http().get(`/api/v1/tenants/demo/signatures/ocsp/${encoded}`).buffer(true).parse(binary).expect(200);
    writeFileSync(join(dir, 'ocsp-response.der'), byGet.body as Buffer);
    expect(opensslWithStderr(['ocsp', '-respin', join(dir, 'ocsp-response.der'), '-resp_text', '-noverify'])).toMatch(/Cert Status: good/);
  });

  it('lets a tenant-admin revoke a certificate: CRL and OCSP name it revoked, once in the audit chain, and the next signature gets a new certificate', async () => {
    const revokedCertificate = await clerkCertificate();
    const admin = { Authorization: await t.bearer(ADMIN) };
    await t
      .http()
      .post(`/api/v1/tenants/demo/signatures/certificates/${revokedCertificate.sha256}/revoke`)
      .set({ Authorization: await t.bearer(CLERK) })
      .send({ reason: 'keyCompromise' })
      .expect(403);
    const first = await t
      .http()
      .post(`/api/v1/tenants/demo/signatures/certificates/${revokedCertificate.sha256}/revoke`)
      .set(admin)
      .send({ reason: 'keyCompromise' })
      .expect(200);
    expect(first.body).toEqual({ sha256: revokedCertificate.sha256, revokedAt: expect.any(String), reason: 'keyCompromise' });
    const again = await t
      .http()
      .post(`/api/v1/tenants/demo/signatures/certificates/${revokedCertificate.sha256}/revoke`)
      .set(admin)
      .send({ reason: 'superseded' })
      .expect(200);
    expect(again.body).toEqual(first.body);

    const serial = openssl(['x509', '-in', revokedCertificate.file, '-noout', '-serial']).trim().split('=')[1];
    const text = await crlText(`/api/v1/tenants/demo/signatures/cas/${caSha256}/crl`);
    expect(text.replace(/\s/g, '')).toContain(`SerialNumber:${serial}`);
    expect(text).toMatch(/Key Compromise/);
    const status = await ocspStatus(revokedCertificate.file);
    expect(status).toMatch(/Response verify OK/);
    expect(status).toMatch(/: revoked/);
    expect(status).toMatch(/Reason: keyCompromise/);
    const online = await pdfsig(firstSigned, caPem, { ocsp: true });
    expect(online.signatures.map((signature) => signature.certificate)).toEqual(['Certificate has been Revoked.']);

    const audit = (await t.dataSource.query(
      `SELECT details FROM signatures.tenant_audit_entry WHERE tenant = 'demo' AND action = 'certificate-revoked'`,
    )) as Array<{ details: { certificateSha256: string; reason: string } }>;
    expect(audit.map((entry) => entry.details)).toEqual([
      expect.objectContaining({ certificateSha256: revokedCertificate.sha256, reason: 'keyCompromise' }),
    ]);

    await clerkSigns('Bescheid 2');
    const renewed = await clerkCertificate();
    expect(renewed.sha256).not.toBe(revokedCertificate.sha256);
    expect(await ocspStatus(renewed.file)).toMatch(/: good/);
  });

  it('answers unknown certificates, other fingerprints and unreadable requests clearly', async () => {
    await t
      .http()
      .post(`/api/v1/tenants/demo/signatures/certificates/${'0'.repeat(64)}/revoke`)
      .set({ Authorization: await t.bearer(ADMIN) })
      .send({ reason: 'keyCompromise' })
      .expect(404)
      .expect((response) => expect(response.body.code).toBe('SIGNATURE.CERTIFICATE_NOT_FOUND'));
    await t
      .http()
      .post(`/api/v1/tenants/demo/signatures/certificates/${(await clerkCertificate()).sha256}/revoke`)
      .set({ Authorization: await t.bearer(ADMIN) })
      .send({ reason: 'weil' })
      .expect(400);
    await t
      .http()
      .get(`/api/v1/tenants/demo/signatures/cas/${'f'.repeat(64)}/crl`)
      .expect(404)
      .expect((response) => expect(response.body.code).toBe('SIGNATURE.CA_NOT_FOUND'));
    await t.http().post('/api/v1/tenants/demo/signatures/ocsp').set('Content-Type', 'application/json').send({}).expect(415);
    const garbage = await t
      .http()
      .post('/api/v1/tenants/demo/signatures/ocsp')
      .set('Content-Type', 'application/ocsp-request')
      .send(Buffer.from('kein OCSP'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    writeFileSync(join(dir, 'garbage-response.der'), garbage.body as Buffer);
    expect(opensslWithStderr(['ocsp', '-respin', join(dir, 'garbage-response.der'), '-resp_text', '-noverify'])).toMatch(
      /malformedrequest/i,
    );
  });

  it('revokes every certificate of a person who is deactivated (affiliationChanged), once, even when the event comes twice', async () => {
    const current = await clerkCertificate();
    const event = {
      type: PersonDeactivatedV1.type,
      topic: PersonDeactivatedV1.topic,
      source: '/amtsweg/messaging',
      subject: t.userId(CLERK),
      tenant: 'demo',
      data: { tenant: 'demo', personId: t.userId(CLERK), email: CLERK, name: 'Clara Clerk', roles: ['clerk'], active: false },
    };
    await signaturesProcess.deliver!(t.app, [event]);
    await signaturesProcess.deliver!(t.app, [event]);
    expect(await ocspStatus(current.file)).toMatch(/Reason: affiliationChanged/);
    const entries = (await t.dataSource.query(
      `SELECT actor, details FROM signatures.tenant_audit_entry WHERE tenant = 'demo' AND action = 'certificate-revoked' ORDER BY seq`,
    )) as Array<{ actor: string; details: { certificateSha256: string; reason: string } }>;
    expect(entries.filter((entry) => entry.details.certificateSha256 === current.sha256)).toEqual([
      { actor: 'system', details: expect.objectContaining({ reason: 'affiliationChanged' }) },
    ]);
  });
});
