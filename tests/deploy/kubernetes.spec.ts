import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from '@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { COMPACTED_TOPICS, SEALED_PERSONAL_DATA_TOPICS, topicConfigEntries, topicRetentionMs } from '@amtsweg/eventing';
import { describeWithKubectl, OVERLAYS, renderOverlay, type KubeObject, type Overlay } from './kustomize';

const ROOT = join(__dirname, '../..');
const APPS = readdirSync(join(ROOT, 'apps')).filter((name) => statSync(join(ROOT, 'apps', name, 'src/main.ts'), { throwIfNoEntry: false }));
const SERVICES = APPS.filter((name) => name !== 'gateway');

/** Core and CloudNativePG kinds, validated against their OpenAPI schemas by kubernetes-models. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'postgresql.cnpg.io/v1/Cluster': Cluster,
};
/** No package carries Strimzi's CRD schemas offline: these are checked structurally below. */
const STRIMZI_KINDS = ['kafka.strimzi.io/v1beta2/Kafka', 'kafka.strimzi.io/v1beta2/KafkaNodePool', 'kafka.strimzi.io/v1beta2/KafkaTopic'];

const typeOf = (object: KubeObject) => `${object.apiVersion}/${object.kind}`;
const ofKind = (objects: KubeObject[], kind: string) => objects.filter((object) => object.kind === kind);
const named = (objects: KubeObject[], kind: string, name: string) => {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} rendered`);
  return found;
};

/** Every topic an event contract of libs/contracts names (`static readonly topic = '…'`). */
function contractTopics(): string[] {
  const topics = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.includes('spec')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/static readonly topic = '([^']+)'/g)) topics.add(match[1]);
      }
    }
  };
  visit(join(ROOT, 'libs/contracts/src'));
  return [...topics];
}

interface Container {
  name: string;
  image: string;
  command: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }>;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { readOnlyRootFilesystem?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  startupProbe?: { httpGet?: { path: string; port: string } };
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
}

const podSpec = (object: KubeObject) =>
  object.spec.template.spec as {
    securityContext?: Record<string, unknown>;
    containers: Container[];
    volumes?: Array<{ name: string; emptyDir?: object }>;
  };
const podLabels = (object: KubeObject) => object.spec.template.metadata.labels as Record<string, string>;
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}
const EXPRESSION: Record<string, (value: string | undefined, values: string[]) => boolean> = {
  In: (value, values) => value !== undefined && values.includes(value),
  NotIn: (value, values) => value === undefined || !values.includes(value),
  Exists: (value) => value !== undefined,
  DoesNotExist: (value) => value === undefined,
};
const selects = (selector: LabelSelector | undefined, labels: Record<string, string>) =>
  Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
  (selector?.matchExpressions ?? []).every((expression) =>
    EXPRESSION[expression.operator](labels[expression.key], expression.values ?? []),
  );

/** A policy rule's peers and ports as comparable strings, e.g. `pods{cnpg.io/cluster=devices-db}:TCP/5432`. */
function describeRule(
  rule: { to?: unknown[]; from?: unknown[]; ports?: Array<{ protocol?: string; port?: number | string }> },
  side: 'to' | 'from',
): string[] {
  const ports = (rule.ports ?? []).map((port) => `${port.protocol ?? 'TCP'}/${port.port}`).join(',') || 'all-ports';
  const peers = (rule[side] as Array<Record<string, any>> | undefined) ?? [{}]; // eslint-disable-line @typescript-eslint/no-explicit-any
  return peers.map((peer) => {
    const labels = (selector?: LabelSelector) =>
      [
        ...Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`),
        ...(selector?.matchExpressions ?? []).map(
          (expression) => `${expression.key} ${expression.operator} ${(expression.values ?? []).join('|')}`,
        ),
      ].join(',');
    const parts = [
      peer.namespaceSelector ? `namespace{${labels(peer.namespaceSelector)}}` : '',
      peer.podSelector ? `pods{${labels(peer.podSelector)}}` : '',
      peer.ipBlock ? `ip{${peer.ipBlock.cidr}}` : '',
    ].filter(Boolean);
    return `${parts.join('/') || 'anywhere'}:${ports}`;
  });
}

function policyPeers(objects: KubeObject[], labels: Record<string, string>, direction: 'ingress' | 'egress'): string[] {
  const policies = ofKind(objects, 'NetworkPolicy').filter((policy) => selects(policy.spec.podSelector, labels));
  return policies
    .filter((policy) => (policy.spec.policyTypes as string[]).includes(direction === 'ingress' ? 'Ingress' : 'Egress'))
    .flatMap((policy) =>
      ((policy.spec[direction] ?? []) as object[]).flatMap((rule) => describeRule(rule, direction === 'ingress' ? 'from' : 'to')),
    )
    .sort();
}

const DNS = 'namespace{kubernetes.io/metadata.name=kube-system}/pods{k8s-app=kube-dns}:UDP/53,TCP/53';
const KAFKA = 'pods{strimzi.io/cluster=amtsweg,strimzi.io/kind=Kafka}:TCP/9092';
const PROMETHEUS = 'namespace{kubernetes.io/metadata.name=monitoring}/pods{app.kubernetes.io/name=prometheus}:TCP/3000';
const OWN_DATABASE = (service: string) => `pods{cnpg.io/cluster=${service}-db}:TCP/5432`;
const PUBLIC_INTERNET = (ports: string) => `ip{0.0.0.0/0}:${ports}`;
/** What an overlay adds to the base's egress: the dev issuer's keys, or the IdP and SMTP relay in production. */
const OVERLAY_EGRESS: Record<Overlay, (service: string) => string[]> = {
  dev: () => ['pods{app.kubernetes.io/name=gateway}:TCP/3000'],
  production: (service) => [PUBLIC_INTERNET('TCP/443'), ...(service === 'messaging' ? [PUBLIC_INTERNET('TCP/587,TCP/465')] : [])],
};

describeWithKubectl('Kubernetes manifests (kubectl kustomize k8s/overlays/*)', () => {
  const rendered = Object.fromEntries(OVERLAYS.map((overlay) => [overlay, renderOverlay(overlay)])) as Record<Overlay, KubeObject[]>;

  describe.each(OVERLAYS)('overlay %s', (overlay) => {
    const objects = rendered[overlay];

    it('validates every core and CloudNativePG object against its schema, and knows every kind it renders', () => {
      for (const object of objects) {
        const model = MODELS[typeOf(object)];
        if (!model) {
          expect(STRIMZI_KINDS).toContain(typeOf(object));
          continue;
        }
        expect(() => new model(object as never).validate()).not.toThrow();
      }
      const expectedKinds = [
        ...Object.keys(MODELS).filter((kind) => overlay === 'production' || !kind.endsWith('/Ingress')),
        ...STRIMZI_KINDS,
      ];
      expect([...new Set(objects.map(typeOf))].sort()).toEqual(expectedKinds.sort());
    });

    it('rejects an object that breaks its schema (the validation is real)', () => {
      const deployment = structuredClone(named(objects, 'Deployment', 'gateway'));
      deployment.spec.replicas = 'two';
      expect(() => new Deployment(deployment as never).validate()).toThrow(/replicas/);
    });

    it('puts everything in one namespace and stores no secret values', () => {
      const namespace = ofKind(objects, 'Namespace').map((object) => object.metadata.name);
      expect(namespace).toHaveLength(1);
      for (const object of objects.filter((o) => o.kind !== 'Namespace')) expect(object.metadata.namespace).toBe(namespace[0]);
      expect(ofKind(objects, 'Secret')).toEqual([]);
    });

    it('runs every app as a Deployment with a Service, an autoscaler and a disruption budget', () => {
      expect(
        ofKind(objects, 'Deployment')
          .map((object) => object.metadata.name)
          .sort(),
      ).toEqual([...APPS].sort());
      for (const app of APPS) {
        const deployment = named(objects, 'Deployment', app);
        expect(podSpec(deployment).containers[0].command).toEqual(['node', '--enable-source-maps', `dist/apps/${app}/src/main.js`]);
        expect(named(objects, 'Service', app).spec.selector).toEqual(deployment.spec.selector.matchLabels);
        expect(named(objects, 'HorizontalPodAutoscaler', app).spec.scaleTargetRef).toEqual({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: app,
        });
        expect(deployment.spec.replicas).toBeUndefined(); // the autoscaler owns it
        expect(selects(named(objects, 'PodDisruptionBudget', app).spec.selector, podLabels(deployment))).toBe(true);
      }
    });

    it('gives every pod probes, requests and limits, a non-root user and a read-only root filesystem', () => {
      for (const workload of [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')]) {
        const spec = podSpec(workload);
        const where = `${workload.kind} ${workload.metadata.name}`;
        // Pod Security Standard "restricted": non-root, RuntimeDefault seccomp (and, per container, below).
        expect({ where, runAsNonRoot: spec.securityContext?.runAsNonRoot, seccomp: spec.securityContext?.seccompProfile }).toEqual({
          where,
          runAsNonRoot: true,
          seccomp: { type: 'RuntimeDefault' },
        });
        for (const container of spec.containers) {
          expect({ where, securityContext: container.securityContext }).toEqual({
            where,
            securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
          });
          for (const side of ['requests', 'limits'] as const) {
            expect({
              where,
              side,
              cpu: Boolean(container.resources?.[side]?.cpu) || side === 'limits',
              memory: Boolean(container.resources?.[side]?.memory),
            }).toEqual({
              where,
              side,
              cpu: true,
              memory: true,
            });
          }
          // Writable paths are emptyDirs: /tmp everywhere, DATA_DIR for the services.
          const emptyDirs = new Set((spec.volumes ?? []).filter((volume) => volume.emptyDir).map((volume) => volume.name));
          const writable = (container.volumeMounts ?? []).filter((mount) => emptyDirs.has(mount.name)).map((mount) => mount.mountPath);
          expect(writable).toEqual(workload.kind === 'Deployment' ? ['/tmp', '/var/lib/amtsweg'] : ['/tmp']);
        }
      }
      for (const deployment of ofKind(objects, 'Deployment')) {
        const [container] = podSpec(deployment).containers;
        expect(container.resources?.limits?.cpu).toBeDefined();
        expect(container.startupProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
        expect(container.livenessProbe?.httpGet).toEqual({ path: '/health/live', port: 'http' });
        expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
      }
    });

    it('migrates each service database in a Job with the same image and database secret as the service', () => {
      expect(
        ofKind(objects, 'Job')
          .map((job) => job.metadata.name)
          .sort(),
      ).toEqual(SERVICES.map((service) => `${service}-migrate`).sort());
      for (const service of SERVICES) {
        const [job] = podSpec(named(objects, 'Job', `${service}-migrate`)).containers;
        const [app] = podSpec(named(objects, 'Deployment', service)).containers;
        expect(job.command).toEqual(['sh', 'scripts/deploy-migrate.sh', service]);
        expect(job.image).toBe(app.image);
        const databaseUrl = (container: Container) =>
          container.env?.find((variable) => variable.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
        expect(databaseUrl(job)).toEqual({ name: `${service}-db-app`, key: 'uri' });
        expect(databaseUrl(app)).toEqual(databaseUrl(job));
      }
    });

    it('gives every service its own CloudNativePG cluster, whose application secret it reads', () => {
      for (const service of SERVICES) {
        const cluster = named(objects, 'Cluster', `${service}-db`);
        expect(cluster.spec.bootstrap.initdb).toEqual({ database: `amtsweg_${service}`, owner: `amtsweg_${service}` });
        expect(cluster.spec.instances).toBe(overlay === 'production' ? 3 : 1);
      }
      expect(ofKind(objects, 'Cluster')).toHaveLength(SERVICES.length);
    });

    it('takes secrets by reference: the signatures key always, the SMTP URL, challenge and event seal keys in production', () => {
      const secretRef = (service: string, variable: string) =>
        podSpec(named(objects, 'Deployment', service)).containers[0].env?.find((entry) => entry.name === variable)?.valueFrom?.secretKeyRef;
      expect(secretRef('signatures', 'SIGNATURES_KEY_ENCRYPTION_KEY')).toEqual({
        name: 'amtsweg-signatures-keys',
        key: 'SIGNATURES_KEY_ENCRYPTION_KEY',
      });
      expect(secretRef('messaging', 'SMTP_URL')).toEqual({ name: 'amtsweg-smtp', key: 'SMTP_URL', optional: overlay !== 'production' });
      expect(secretRef('appointments', 'APPOINTMENTS_CHALLENGE_KEY')).toEqual({
        name: 'amtsweg-appointments-keys',
        key: 'APPOINTMENTS_CHALLENGE_KEY',
        optional: overlay !== 'production',
      });
      // One list for both: what appointments seals, messaging must open.
      for (const service of ['appointments', 'messaging']) {
        expect(secretRef(service, 'EVENT_SEAL_KEYS')).toEqual({
          name: 'amtsweg-event-seal',
          key: 'EVENT_SEAL_KEYS',
          optional: overlay !== 'production',
        });
      }
    });

    it('lets in from outside only the gateway (and Prometheus to /metrics)', () => {
      expect(policyPeers(objects, podLabels(named(objects, 'Deployment', 'gateway')), 'ingress')).toEqual(['anywhere:TCP/3000']);
      for (const service of SERVICES) {
        expect({ service, from: policyPeers(objects, podLabels(named(objects, 'Deployment', service)), 'ingress') }).toEqual({
          service,
          from: [PROMETHEUS, 'pods{app.kubernetes.io/name=gateway}:TCP/3000'].sort(),
        });
        expect(policyPeers(objects, podLabels(named(objects, 'Job', `${service}-migrate`)), 'ingress')).toEqual([]);
      }
    });

    it('lets each service reach only Kafka, its own database and DNS (plus what the overlay needs for tokens and mail)', () => {
      for (const service of SERVICES) {
        expect({ service, to: policyPeers(objects, podLabels(named(objects, 'Deployment', service)), 'egress') }).toEqual({
          service,
          to: [KAFKA, OWN_DATABASE(service), DNS, ...OVERLAY_EGRESS[overlay](service)].sort(),
        });
        expect({ job: service, to: policyPeers(objects, podLabels(named(objects, 'Job', `${service}-migrate`)), 'egress') }).toEqual({
          job: service,
          to: [OWN_DATABASE(service), DNS].sort(),
        });
      }
      const gatewayEgress = policyPeers(objects, podLabels(named(objects, 'Deployment', 'gateway')), 'egress');
      expect(gatewayEgress).toEqual(
        [
          ...SERVICES.map((service) => `pods{app.kubernetes.io/name=${service}}:TCP/3000`),
          DNS,
          ...(overlay === 'production' ? [PUBLIC_INTERNET('TCP/443')] : []),
        ].sort(),
      );
    });

    it('declares Kafka through Strimzi with the topic operator, and one KafkaTopic per contract topic and its dead-letter topic', () => {
      const [kafka, ...others] = ofKind(objects, 'Kafka');
      expect(others).toEqual([]);
      expect(kafka.metadata.annotations).toMatchObject({ 'strimzi.io/kraft': 'enabled', 'strimzi.io/node-pools': 'enabled' });
      expect(kafka.spec.kafka.listeners).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: expect.any(String), port: 9092, type: 'internal', tls: false })]),
      );
      expect(kafka.spec.entityOperator.topicOperator).toBeDefined();

      const pools = ofKind(objects, 'KafkaNodePool');
      expect(pools.length).toBeGreaterThan(0);
      for (const pool of pools) {
        expect(pool.metadata.labels?.['strimzi.io/cluster']).toBe(kafka.metadata.name);
        expect(pool.spec.roles).toEqual(expect.arrayContaining(['controller', 'broker']));
        expect(Number.isInteger(pool.spec.replicas)).toBe(true);
        expect(pool.spec.storage.type).toBe('persistent-claim');
      }
      const nodes = pools.reduce((sum, pool) => sum + (pool.spec.replicas as number), 0);
      const replication = kafka.spec.kafka.config['default.replication.factor'] as number;
      expect(replication).toBeLessThanOrEqual(nodes);
      expect(kafka.spec.kafka.config['min.insync.replicas']).toBeLessThanOrEqual(replication);
      if (overlay === 'production') expect([nodes, replication, kafka.spec.kafka.config['min.insync.replicas']]).toEqual([3, 3, 2]);

      const topics = ofKind(objects, 'KafkaTopic');
      for (const topic of topics) {
        expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe(kafka.metadata.name);
        expect(Number.isInteger(topic.spec.partitions) && topic.spec.partitions > 0).toBe(true);
      }
      const expected = contractTopics().flatMap((topic) => [topic, `${topic}.dlq`]);
      expect(topics.map((topic) => topic.spec.topicName).sort()).toEqual(expected.sort());
      // Topics with sealed personal data keep records only as long as a redelivery needs — what the bus sets too.
      for (const topic of topics) {
        const retention = topicRetentionMs(topic.spec.topicName);
        if (retention !== undefined)
          expect({ topic: topic.spec.topicName, retention: topic.spec.config?.['retention.ms'] }).toEqual({
            topic: topic.spec.topicName,
            retention,
          });
      }
      expect(SEALED_PERSONAL_DATA_TOPICS.every((topic) => topics.some((t) => t.spec.topicName === topic))).toBe(true);
      // The people directory keeps the latest record of each person for good, as the bus creates it.
      for (const topic of topics)
        expect({ topic: topic.spec.topicName, policy: topic.spec.config?.['cleanup.policy'] }).toEqual({
          topic: topic.spec.topicName,
          policy: topicConfigEntries(topic.spec.topicName).find((entry) => entry.name === 'cleanup.policy')?.value,
        });
      expect(COMPACTED_TOPICS.every((topic) => topics.some((t) => t.spec.topicName === topic))).toBe(true);

      const config = ofKind(objects, 'ConfigMap').find((map) => map.metadata.name.startsWith('amtsweg-config'));
      expect(config?.data?.KAFKA_BROKERS).toBe(`${kafka.metadata.name}-kafka-bootstrap:9092`);
    });

    it('configures the environment the overlay stands for, with settings .env.example documents', () => {
      const config = ofKind(objects, 'ConfigMap').find((map) => map.metadata.name.startsWith('amtsweg-config'));
      const documented = new Set(
        [...readFileSync(join(ROOT, '.env.example'), 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]),
      );
      for (const key of Object.keys(config?.data ?? {}))
        expect({ key, documented: documented.has(key) }).toEqual({ key, documented: true });
      if (overlay === 'production') {
        expect(config?.data).toMatchObject({
          NODE_ENV: 'production',
          OIDC_ISSUER: expect.stringMatching(/^https:\/\//),
          OIDC_CLIENT_ID: expect.any(String),
          PUBLIC_URL: expect.stringMatching(/^https:\/\//),
        });
        for (const app of APPS) expect(named(objects, 'HorizontalPodAutoscaler', app).spec.minReplicas).toBeGreaterThanOrEqual(2);
        for (const workload of [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'Job')])
          expect(podSpec(workload).containers[0].image).toMatch(/:\d+\.\d+\.\d+$/);
      } else {
        expect(config?.data).toMatchObject({ NODE_ENV: 'development', OIDC_JWKS_URL: 'http://gateway:3000/.well-known/jwks.json' });
      }
    });
  });
});
