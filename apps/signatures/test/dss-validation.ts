import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const TOOL = resolve(__dirname, '../../../tools/dss-validate');
const JAR = join(TOOL, 'target/dss-validate.jar');
/** DSS's default policy with PdfVisualDifference and PdfAnnotationOverlap at FAIL (shadow attacks). */
const POLICY = join(TOOL, 'policy.xml');

/** One signature in DSS's simple report, as tools/dss-validate prints it. */
export interface DssSignature {
  id: string;
  indication: 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE' | null;
  subIndication: string | null;
  signatureFormat: string | null;
  signedBy: string | null;
  signingTime: string | null;
  errors: string[];
  warnings: string[];
  infos: string[];
}

export interface DssReport {
  documentName: string | null;
  validationTime: string;
  signaturesCount: number;
  validSignaturesCount: number;
  signatures: DssSignature[];
}

/**
 * `describe` for suites that need the EU DSS validator (tools/dss-validate, built by `.ci/run` with
 * `mvn -q -B package -DskipTests`): skipped without the jar — except under `CI=true`, where its
 * absence fails the run.
 */
export function describeWithDss(name: string, body: () => void): void {
  if (existsSync(JAR)) return describe(name, body);
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs tools/dss-validate/target/dss-validate.jar, which CI must build', () => {
        throw new Error('dss-validate.jar is missing under CI=true: (cd tools/dss-validate && mvn -q -B package -DskipTests)');
      });
    });
    return;
  }
  describe.skip(`${name} — SKIPPED: build tools/dss-validate first (mvn -q -B package -DskipTests)`, body);
}

/** Runs DSS offline on `pdf` with `caPem` as the only trust anchor and our committed policy. */
export async function dssValidate(pdf: Buffer, caPem: string): Promise<DssReport> {
  const dir = mkdtempSync(join(tmpdir(), 'amtsweg-dss-'));
  try {
    writeFileSync(join(dir, 'document.pdf'), pdf);
    writeFileSync(join(dir, 'ca.pem'), caPem);
    const { stdout } = await run('java', ['-jar', JAR, join(dir, 'document.pdf'), join(dir, 'ca.pem'), POLICY], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout) as DssReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
