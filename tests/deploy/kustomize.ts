import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const OVERLAYS = ['dev', 'production'] as const;
export type Overlay = (typeof OVERLAYS)[number];

/** A rendered object, loosely typed: the specs read what they check and validate the rest with kubernetes-models. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  data?: Record<string, string>;
}

/** `KUBECTL` picks the binary (e.g. Debian's kubectl 1.20 with kustomize v2), default `kubectl` on the PATH. */
export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

export function kubectlAvailable(): boolean {
  return spawnSync(KUBECTL, ['version', '--client'], { stdio: 'ignore' }).status === 0;
}

export function renderOverlay(overlay: Overlay): KubeObject[] {
  const output = execFileSync(KUBECTL, ['kustomize', join(__dirname, '../../k8s/overlays', overlay)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 32 * 1024 * 1024,
  });
  return parseAllDocuments(output)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

/**
 * `describe` when kubectl is there; without it a skip that says why — except under `CI=true`,
 * where CI must not pass without rendering the overlays (.ci/run installs kubernetes-client).
 */
export function describeWithKubectl(name: string, body: () => void): void {
  if (kubectlAvailable()) describe(name, body);
  else if (process.env.CI === 'true') {
    describe(name, () => {
      it('renders the overlays with kubectl kustomize', () => {
        throw new Error(`CI=true but "${KUBECTL}" is not installed: the Kubernetes overlays must be rendered and validated`);
      });
    });
  } else
    describe.skip(`${name} (needs kubectl on the PATH or KUBECTL; apt-get install kubernetes-client)`, () =>
      it.todo('renders the overlays'));
}
