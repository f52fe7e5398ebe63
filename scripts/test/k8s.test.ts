// The Kubernetes manifests (infra/k8s) and the Dockerfiles, as issue 19 requires them: each overlay
// rendered by kustomize passes kubeconform -strict against the Kubernetes API's schemas, and the rules
// (probes, limits, non-root read-only containers, Secret references, NetworkPolicies) hold on what is
// rendered. Each rule is also shown failing on an object broken on purpose, and kubeconform on a field
// the API does not have.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { goInstall, goModuleDir } from '../lib/go-tools.ts';
import { ROOT } from '../lib/infra.ts';
import { HEAP_BUDGETS } from '../lib/system.ts';
import {
  K8S_DIR,
  KUBECONFORM,
  KUBERNETES,
  KUSTOMIZE,
  OVERLAYS,
  PROCESSES,
  checkDockerfile,
  checkManifests,
  dockerfileOf,
  kubeconform,
  kustomizeBuild,
  loadExternalObjects,
  parseManifests,
  schemaFileName,
  writeSchemas,
} from '../lib/k8s.ts';
import type { K8sObject } from '../lib/k8s.ts';

const external = loadExternalObjects();
const rendered = new Map<string, { text: string; objects: K8sObject[] }>();
let kubeconformBin = '';
let schemaDir = '';

const toolOrFail = async (tool: typeof KUSTOMIZE): Promise<string> => {
  const built = await goInstall(tool, (message) => console.log(`      ${message}`));
  if ('problem' in built) throw new Error(built.problem);
  return built.bin;
};

describe('Kubernetes manifests (infra/k8s)', function () {
  this.timeout(60_000);

  before(async function () {
    // The first run on a machine builds kustomize and kubeconform from the Go module proxy.
    this.timeout(900_000);
    const [kustomize, conform, kubernetes] = await Promise.all([
      toolOrFail(KUSTOMIZE),
      toolOrFail(KUBECONFORM),
      goModuleDir(KUBERNETES.module, KUBERNETES.version),
    ]);
    if ('problem' in kubernetes) throw new Error(`the Kubernetes API's OpenAPI document: ${kubernetes.problem}`);
    kubeconformBin = conform;
    for (const overlay of OVERLAYS) {
      const text = await kustomizeBuild(kustomize, path.join(K8S_DIR, 'overlays', overlay));
      rendered.set(overlay, { text, objects: parseManifests(text) });
    }
    const kinds = new Map<string, { kind: string; apiVersion: string }>();
    for (const { objects } of rendered.values())
      for (const o of objects) kinds.set(`${o.apiVersion}/${o.kind}`, { kind: o.kind, apiVersion: o.apiVersion });
    // A kind the rules test breaks objects with must have a schema too.
    kinds.set('v1/Secret', { kind: 'Secret', apiVersion: 'v1' });
    schemaDir = await mkdtemp(path.join(os.tmpdir(), 'webitr-k8s-schemas-'));
    await writeSchemas(path.join(kubernetes.dir, 'api', 'openapi-spec', 'swagger.json'), [...kinds.values()], schemaDir);
  });

  after(async () => {
    if (schemaDir) await rm(schemaDir, { recursive: true, force: true });
  });

  for (const overlay of OVERLAYS) {
    describe(`overlay ${overlay}`, () => {
      it('renders the six processes with their Service, PodDisruptionBudget, HorizontalPodAutoscaler and NetworkPolicy, and an Ingress', () => {
        const { objects } = rendered.get(overlay)!;
        const names = (kind: string) =>
          objects
            .filter((o) => o.kind === kind)
            .map((o) => o.metadata.name)
            .sort();
        const processes = [...PROCESSES].sort();
        expect(names('Deployment')).to.deep.equal(processes);
        expect(names('Service')).to.deep.equal(processes);
        expect(names('PodDisruptionBudget')).to.deep.equal(processes);
        expect(names('HorizontalPodAutoscaler')).to.deep.equal(processes);
        expect(names('NetworkPolicy')).to.deep.equal([...processes, 'default-deny-ingress'].sort());
        expect(names('Ingress')).to.deep.equal(['gateway']);
        expect(names('Secret')).to.deep.equal([]);
        const namespace = objects.find((o) => o.kind === 'Namespace')!.metadata.name;
        expect(objects.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === namespace)).to.equal(true);
      });

      it(`passes kubeconform -strict against the Kubernetes ${KUBERNETES.version} schemas`, async () => {
        const { text, objects } = rendered.get(overlay)!;
        const result = await kubeconform(kubeconformBin, text, schemaDir);
        expect(result.problems).to.deep.equal([]);
        expect(result.summary).to.deep.include({ valid: objects.length, invalid: 0, errors: 0, skipped: 0 });
        expect(result.ok).to.equal(true);
      });

      it('holds the deployment rules on every rendered object', () => {
        expect(checkManifests(rendered.get(overlay)!.objects, external)).to.deep.equal([]);
      });

      it('gives each process the heap budget npm start gives it (NODE_OPTIONS), and none to the others', () => {
        for (const d of rendered.get(overlay)!.objects.filter((o) => o.kind === 'Deployment')) {
          const env: { name: string; value?: string }[] = d['spec'].template.spec.containers[0].env ?? [];
          const nodeOptions = env.find((e) => e.name === 'NODE_OPTIONS')?.value;
          const budget = HEAP_BUDGETS[d.metadata.name];
          expect(nodeOptions, d.metadata.name).to.equal(budget ? budget.join(' ') : undefined);
        }
        expect(HEAP_BUDGETS).to.have.property('punch-card-ingest');
      });

      it('runs the images the Dockerfiles build, one per process', () => {
        for (const d of rendered.get(overlay)!.objects.filter((o) => o.kind === 'Deployment')) {
          const image: string = d['spec'].template.spec.containers[0].image;
          expect(image).to.match(new RegExp(`(^|/)webitr/${d.metadata.name}:`));
          expect(() => readFileSync(dockerfileOf(d.metadata.name))).to.not.throw();
        }
      });
    });
  }

  it('the production overlay names the engines as operated: Redis Sentinel, and secrets by reference only', () => {
    const { objects } = rendered.get('production')!;
    const common = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('webitr-common-'))!;
    expect(common['data']).to.include({ NODE_ENV: 'production', HOST: '0.0.0.0', REDIS_SENTINEL_MASTER: 'webitr' });
    expect(common['data'].REDIS_SENTINELS.split(',')).to.have.length(3);
    const gatewayConfig = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('gateway-'))!;
    expect(gatewayConfig['data'].TRUSTED_PROXIES).to.match(/^[0-9a-f.:/,]+$/);
    const gateway = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'gateway')!;
    const env = gateway['spec'].template.spec.containers[0].env as { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
    expect(env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name)).to.include.members([
      'MONGODB_URI',
      'AMQP_URL',
      'REDIS_URL',
      'ASSERTION_PRIVATE_KEY',
      'SESSION_SECRET',
      'CSRF_SECRET',
      'SSO_PORTALS',
    ]);
  });

  describe('the rules fail on objects broken on purpose', () => {
    const broken = (change: (objects: K8sObject[]) => void): string[] => {
      const objects = structuredClone(rendered.get('production')!.objects);
      change(objects);
      return checkManifests(objects, external);
    };
    const deployment = (objects: K8sObject[], name: string) => objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!;
    const container = (objects: K8sObject[], name: string) => deployment(objects, name)['spec'].template.spec.containers[0];

    it('a container without a probe, or probing the wrong path', () => {
      expect(broken((o) => delete container(o, 'leave').readinessProbe)).to.deep.equal([
        'Deployment leave, container leave: no readinessProbe',
      ]);
      expect(broken((o) => (container(o, 'leave').livenessProbe.httpGet.path = '/readyz'))).to.deep.equal([
        'Deployment leave, container leave: livenessProbe must ask /healthz, not /readyz',
      ]);
    });

    it('a container without limits', () => {
      expect(broken((o) => delete container(o, 'approval').resources.limits)).to.deep.equal([
        'Deployment approval, container approval: no cpu in resources.limits',
        'Deployment approval, container approval: no memory in resources.limits',
      ]);
    });

    it('a container that may run as root, write its root filesystem or escalate', () => {
      expect(
        broken((o) => {
          const sc = container(o, 'directory').securityContext;
          sc.runAsNonRoot = false;
          sc.readOnlyRootFilesystem = false;
          sc.allowPrivilegeEscalation = true;
          sc.capabilities = { add: ['NET_ADMIN'] };
        }),
      ).to.deep.equal([
        'Deployment directory, container directory: runAsNonRoot is not true',
        'Deployment directory, container directory: readOnlyRootFilesystem is not true',
        'Deployment directory, container directory: allowPrivilegeEscalation is not false',
        'Deployment directory, container directory: capabilities do not drop ALL',
        'Deployment directory, container directory: adds capabilities NET_ADMIN',
      ]);
    });

    it('a second container added without the hardening the first one has', () => {
      const problems = broken((o) =>
        deployment(o, 'notification')['spec'].template.spec.containers.push({ name: 'sidecar', image: 'busybox:1.37' }),
      );
      expect(problems).to.include('Deployment notification, container sidecar: no readinessProbe');
      expect(problems).to.include('Deployment notification, container sidecar: readOnlyRootFilesystem is not true');
    });

    it('a Secret that is neither rendered nor documented, a key not documented, a secret given as a value', () => {
      expect(
        broken((o) => {
          const env = container(o, 'gateway').env as {
            name: string;
            value?: string;
            valueFrom?: { secretKeyRef: { name: string; key: string } };
          }[];
          env.find((e) => e.name === 'SESSION_SECRET')!.valueFrom!.secretKeyRef.name = 'webitr-sessions';
          env.find((e) => e.name === 'CSRF_SECRET')!.valueFrom!.secretKeyRef.key = 'CSRF';
          const mongo = env.find((e) => e.name === 'MONGODB_URI')!;
          delete mongo.valueFrom;
          mongo.value = 'mongodb://webitr:pw@mongo/?replicaSet=rs0&w=majority&readConcernLevel=majority';
        }),
      ).to.deep.equal([
        'Deployment gateway, container gateway: MONGODB_URI is a secret and must come from a Secret, not a value',
        'Deployment gateway, container gateway: SESSION_SECRET: Secret webitr-sessions is neither rendered nor in infra/k8s/external-objects.yaml',
        'Deployment gateway, container gateway: CSRF_SECRET: key CSRF of Secret webitr-gateway is not documented in infra/k8s/external-objects.yaml',
      ]);
    });

    it('a secret value in the manifests, as a Secret or in a ConfigMap', () => {
      expect(
        broken((o) => {
          o.push({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'webitr-extra', namespace: 'webitr' },
            stringData: { SESSION_SECRET: 'x'.repeat(32) },
          });
          o.find((m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith('leave-'))!['data'].AMQP_URL = 'amqp://u:p@rabbit';
        }).map((p) => p.replace(/leave-[a-z0-9]+/, 'leave-…')),
      ).to.deep.equal([
        'Secret webitr-extra: secrets are never in the manifests; the operators create them (external-objects.yaml)',
        'ConfigMap leave-…: AMQP_URL is a secret; it comes from a Secret',
      ]);
    });

    it('a service without its NetworkPolicy, or one letting in other namespaces or addresses', () => {
      expect(
        broken((o) =>
          o.splice(
            o.findIndex((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'leave'),
            1,
          ),
        ),
      ).to.deep.equal(['Deployment leave: no NetworkPolicy selects its pods']);
      expect(
        broken((o) => {
          const policy = o.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'approval')!;
          policy['spec'].ingress[0].from.push({ namespaceSelector: {} }, { ipBlock: { cidr: '0.0.0.0/0' } });
        }),
      ).to.deep.equal([
        "Deployment approval: a NetworkPolicy lets in another namespace; only the gateway and WebITR's services may",
        'Deployment approval: a NetworkPolicy lets in addresses (ipBlock); only pods may come in',
      ]);
      expect(
        broken((o) => {
          const policy = o.find((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'punch-card-ingest')!;
          policy['spec'].ingress[0].from = policy['spec'].ingress[0].from.filter(
            (p: { podSelector: { matchLabels: Record<string, string> } }) =>
              p.podSelector.matchLabels['app.kubernetes.io/name'] !== 'gateway',
          );
        }),
      ).to.deep.equal(['Deployment punch-card-ingest: the gateway cannot reach it']);
      expect(
        broken((o) =>
          o.splice(
            o.findIndex((m) => m.kind === 'NetworkPolicy' && m.metadata.name === 'default-deny-ingress'),
            1,
          ),
        ),
      ).to.deep.equal(['no NetworkPolicy denies all ingress by default (podSelector {}, policyTypes [Ingress], no rules)']);
    });

    it('a Deployment without its PodDisruptionBudget or HorizontalPodAutoscaler', () => {
      expect(
        broken((o) => {
          o.splice(
            o.findIndex((m) => m.kind === 'PodDisruptionBudget' && m.metadata.name === 'leave'),
            1,
          );
          o.splice(
            o.findIndex((m) => m.kind === 'HorizontalPodAutoscaler' && m.metadata.name === 'leave'),
            1,
          );
        }),
      ).to.deep.equal([
        'Deployment leave: no PodDisruptionBudget selects its pods',
        'Deployment leave: no HorizontalPodAutoscaler scales it',
      ]);
    });

    it('kubeconform -strict refuses a field the Kubernetes API does not have, and a wrong type', async () => {
      const objects = structuredClone(
        rendered.get('production')!.objects.filter((o) => o.kind === 'Deployment' && o.metadata.name === 'leave'),
      );
      objects[0]!['spec'].replica = 2;
      const typo = await kubeconform(kubeconformBin, JSON.stringify(objects[0]), schemaDir);
      expect(typo.ok).to.equal(false);
      expect(typo.problems.join('\n')).to.contain('Deployment/leave').and.contain('replica');
      delete objects[0]!['spec'].replica;
      objects[0]!['spec'].template.spec.containers[0].ports[0].containerPort = 'http';
      const wrongType = await kubeconform(kubeconformBin, JSON.stringify(objects[0]), schemaDir);
      expect(wrongType.ok).to.equal(false);
      expect(wrongType.problems.join('\n')).to.contain('containerPort');
    });
  });

  it('makes kubeconform schemas under its file names', () => {
    expect(schemaFileName('Deployment', 'apps/v1')).to.equal('deployment-apps-v1.json');
    expect(schemaFileName('NetworkPolicy', 'networking.k8s.io/v1')).to.equal('networkpolicy-networking-v1.json');
    expect(schemaFileName('Service', 'v1')).to.equal('service-v1.json');
  });
});

describe('Dockerfiles', () => {
  const devDependencies = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> })
    .devDependencies;
  const nodeVersion = devDependencies['node']!;
  const pinned = { node: nodeVersion, patchPackage: devDependencies['patch-package']! };

  for (const process of PROCESSES)
    it(`${path.relative(ROOT, dockerfileOf(process))}: multi-stage, node:${nodeVersion}, its workspace's production dependencies with patches/ applied, non-root`, () => {
      expect(checkDockerfile(readFileSync(dockerfileOf(process), 'utf8'), `@webitr/${process}`, pinned)).to.deep.equal([]);
    });

  it('the rules fail on a Dockerfile broken on purpose', () => {
    const good = readFileSync(dockerfileOf('leave'), 'utf8');
    expect(checkDockerfile(good.replace(/^USER .*$/m, ''), '@webitr/leave', pinned)).to.deep.equal([
      'the final stage has no USER: it would run as root',
    ]);
    expect(checkDockerfile(good.replace(/^USER .*$/m, 'USER node'), '@webitr/leave', pinned)).to.deep.equal([
      'USER node must be a numeric non-root user (runAsNonRoot checks numbers)',
    ]);
    expect(checkDockerfile(good.replace(/^ARG NODE_IMAGE=.*$/m, 'ARG NODE_IMAGE=node:22-slim'), '@webitr/leave', pinned)).to.deep.equal([
      `uses node:22-slim, not node:${nodeVersion} (package.json's node devDependency)`,
    ]);
    expect(checkDockerfile(`${good}\nENV SESSION_SECRET=abc\n`, '@webitr/leave', pinned)).to.deep.equal([
      'ENV SESSION_SECRET=abc: no secrets or engine addresses in the image',
    ]);
    expect(checkDockerfile(good.replace(' --omit=dev', ''), '@webitr/leave', pinned)).to.deep.equal([
      'does not install with npm ci --omit=dev --workspace=@webitr/leave',
    ]);
    expect(checkDockerfile(good.replace(/^.*patch-package.*\n/m, ''), '@webitr/leave', pinned)).to.deep.equal([
      `does not apply patches/ right after npm ci (npx --yes patch-package@${pinned.patchPackage} --error-on-fail)`,
    ]);
  });

  it('the build context leaves out local state and secrets', () => {
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).to.include.members(['**/node_modules', '.env', '.data', '.cache', '.git']);
  });
});
