/**
 * npm run bench:signing — PAdES signatures per second through the service's signing path (the
 * upload's preparation, then `LocalDocumentSigner` with a real tenant CA and signer key from
 * `SigningKeys` on the embedded database) against raw CMS signing of the same bytes (the same
 * `cmsSignedData` with the PDF step removed: SHA-256 of the document, signed attributes, RSA, DER),
 * for a 1-page and a 100-page PDF, in the same run. Goal: service ≥ 0.5 × raw CMS.
 * Prints a table, writes bench/results/signing-<date>.json.
 *
 * BENCH_RUNS (default 5) runs of BENCH_SIGNATURES (default 60) signatures each, one after the
 * other (signing is CPU-bound; the service serialises signatures of a document anyway).
 */
import { SystemClock } from '../libs/platform/src/clock/clock';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { KeyEncryption } from '../apps/signatures/src/keys/key-encryption';
import { SigningKeys } from '../apps/signatures/src/keys/signing-keys';
import { RevocationEndpointsOf } from '../apps/signatures/src/revocation/revocation-endpoints';
import { cmsSignedData } from '../apps/signatures/src/pades/cms-signed-data';
import type { PreparedSigner, SignatureContext } from '../apps/signatures/src/pades/document-signer';
import { LocalDocumentSigner } from '../apps/signatures/src/pades/local-document-signer';
import { PdfWorkOnThisThread } from '../apps/signatures/src/pdf-work/pdf-work-on-this-thread';
import { readDocumentToSign } from '../apps/signatures/src/request/create-request/uploaded-pdf';
import { signaturesDatabase } from '../apps/signatures/src/signatures.database';
import { EmbeddedPostgres } from '../libs/platform/src/database/embedded-postgres';
import { openServiceDataSource } from '../libs/platform/src/database/service-data-source';
import { formatSpread, round, spread, type Spread } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIGNATURES_PER_RUN = Number(process.env.BENCH_SIGNATURES ?? 60);
const GOAL_RATIO = 0.5;
const signer = { tenant: 'bench', userId: '0190a000-0000-7000-8000-00000000b001', name: 'Bianca Bench', email: 'bench@bench.example' };
const context = (): SignatureContext => ({ signingTime: new Date(), reason: 'Signatur (Schritt 1 von 1)', location: 'bench' });

interface Case {
  pages: number;
  bytes: { original: number; toSign: number; withTwoSignatures: number };
  /** The first signature of a request: onto the document as stored at upload. */
  firstSignature: Spread;
  /** A later signature: onto the document that already carries two. */
  laterSignature: Spread;
  /** Before this change: the first signature rewrote the whole (unprepared) document with pdf-lib. */
  firstSignatureUnprepared: Spread;
  /** One-time cost per request, at upload: check and prepare the document. */
  uploadPreparation: Spread;
  rawCms: Spread;
  ratioFirst: number;
  ratioLater: number;
}

async function main(): Promise<void> {
  const embedded = await EmbeddedPostgres.openIsolated();
  const dataSource = await openServiceDataSource(signaturesDatabase, { kind: 'embedded', embedded });
  try {
    const keys = new SigningKeys(
      dataSource,
      new KeyEncryption(randomBytes(32)),
      new SystemClock(),
      new RevocationEndpointsOf('http://localhost:3000'),
    );
    const prepared = await new LocalDocumentSigner(keys, new PdfWorkOnThisThread()).prepare(signer);
    // The same key and certificate the prepared signer uses (read back, not created again).
    const credential = await keys.credentialFor(signer);
    const cases: Case[] = [];
    for (const pages of [1, 100]) cases.push(await measure(pages, prepared, (bytes) => cmsSignedData(bytes, credential)));
    report(cases);
  } finally {
    await dataSource.destroy();
    await embedded.close();
  }
}

async function measure(pages: number, prepared: PreparedSigner, rawCms: (bytes: Buffer) => Buffer): Promise<Case> {
  const original = await samplePdf(pages);
  const upload = await readDocumentToSign(original, { allowEmbeddedFiles: false });
  const toSign = upload.toSign.bytes;
  const withTwoSignatures = await prepared.sign(await prepared.sign(toSign, context()), context());
  // Warm-up: JIT, the key's first use.
  for (let i = 0; i < 5; i++) {
    await prepared.sign(toSign, context());
    rawCms(toSign);
  }
  const firstSignature: number[] = [];
  const laterSignature: number[] = [];
  const unprepared: number[] = [];
  const preparation: number[] = [];
  const raw: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so that a noisy neighbour on the machine hits all of them alike.
    raw.push(await perSecond(SIGNATURES_PER_RUN, async () => void rawCms(toSign)));
    firstSignature.push(await perSecond(SIGNATURES_PER_RUN, () => prepared.sign(toSign, context())));
    laterSignature.push(await perSecond(SIGNATURES_PER_RUN, () => prepared.sign(withTwoSignatures, context())));
    unprepared.push(await perSecond(Math.ceil(SIGNATURES_PER_RUN / 4), () => prepared.sign(original, context())));
    preparation.push(await perSecond(Math.ceil(SIGNATURES_PER_RUN / 4), () => readDocumentToSign(original, { allowEmbeddedFiles: false })));
  }
  const rawCmsSpread = spread(raw);
  const first = spread(firstSignature);
  const later = spread(laterSignature);
  return {
    pages,
    bytes: { original: original.length, toSign: toSign.length, withTwoSignatures: withTwoSignatures.length },
    firstSignature: first,
    laterSignature: later,
    firstSignatureUnprepared: spread(unprepared),
    uploadPreparation: spread(preparation),
    rawCms: rawCmsSpread,
    ratioFirst: round(first.median / rawCmsSpread.median, 2),
    ratioLater: round(later.median / rawCmsSpread.median, 2),
  };
}

async function perSecond(count: number, work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await work();
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** A document as a requester would upload it: pdf-lib's default (object streams), some text on every page. */
async function samplePdf(pages: number): Promise<Buffer> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let page = 1; page <= pages; page++) {
    const drawn = document.addPage();
    drawn.drawText(`Dienstvereinbarung – Seite ${page} von ${pages}`, { x: 50, y: 760, font, size: 16 });
    for (let line = 0; line < 30; line++) {
      drawn.drawText(`§ ${page}.${line + 1} Die Beschäftigten der Gemeinde vereinbaren mit der Verwaltung, was hier steht.`, {
        x: 50,
        y: 720 - line * 20,
        font,
        size: 10,
      });
    }
  }
  return Buffer.from(await document.save());
}

function report(cases: Case[]): void {
  const date = new Date().toISOString();
  const rows = cases.flatMap((c) => [
    [`${c.pages} page(s)`, 'raw CMS (same bytes)', formatSpread(c.rawCms, 'sig/s'), ''],
    ['', 'service: first signature', formatSpread(c.firstSignature, 'sig/s'), `${c.ratioFirst} × raw`],
    ['', 'service: third signature', formatSpread(c.laterSignature, 'sig/s'), `${c.ratioLater} × raw`],
    [
      '',
      'before: first sig., unprepared doc',
      formatSpread(c.firstSignatureUnprepared, 'sig/s'),
      `${round(c.firstSignatureUnprepared.median / c.rawCms.median, 2)} × raw`,
    ],
    ['', 'upload: check + prepare (once)', formatSpread(c.uploadPreparation, 'docs/s'), ''],
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(
    `\nPAdES signing, ${RUNS} runs × ${SIGNATURES_PER_RUN} signatures, node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'})\n`,
  );
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
  for (const c of cases)
    console.log(
      `${c.pages} page(s): ${c.bytes.original} bytes uploaded, ${c.bytes.toSign} bytes prepared, ${c.bytes.withTwoSignatures} bytes with two signatures`,
    );
  const met = cases.every((c) => c.ratioFirst >= GOAL_RATIO && c.ratioLater >= GOAL_RATIO);
  console.log(`\ngoal (service ≥ ${GOAL_RATIO} × raw CMS, every case): ${met ? 'met' : 'NOT met'}`);
  mkdirSync('bench/results', { recursive: true });
  const file = join('bench/results', `signing-${date.slice(0, 10)}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        date,
        node: process.version,
        cpus: cpus().length,
        runs: RUNS,
        signaturesPerRun: SIGNATURES_PER_RUN,
        goalRatio: GOAL_RATIO,
        goalMet: met,
        cases,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`written to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
