// The Kubernetes manifests (infra/k8s) as `npm test` checks them: rendered by kustomize, validated by
// kubeconform in strict mode against the Kubernetes API's own schemas, and held to the deployment's rules
// (checkManifests). kustomize and kubeconform are built from the Go module proxy (go-tools.ts); the
// schemas are made here from the OpenAPI document of the Kubernetes release (the k8s.io/kubernetes Go
// module, api/openapi-spec/swagger.json), because kubeconform's usual schema registry is a web site that
// these machines cannot reach.
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { load, loadAll } from 'js-yaml';
import { runCommand, type GoTool } from './go-tools.ts';
import { ROOT } from './infra.ts';

export const KUSTOMIZE: GoTool = { module: 'sigs.k8s.io/kustomize/kustomize/v5', version: 'v5.8.2', binary: 'kustomize' };
export const KUBECONFORM: GoTool = { module: 'github.com/yannh/kubeconform/cmd/kubeconform', version: 'v0.8.0', binary: 'kubeconform' };
/** The Kubernetes release validated against (its API's OpenAPI document comes with its Go module). */
export const KUBERNETES = { module: 'k8s.io/kubernetes', version: 'v1.35.0' };

export const K8S_DIR = path.join(ROOT, 'infra', 'k8s');
export const OVERLAYS = ['dev', 'production'] as const;
/** The processes deployed, each with its Dockerfile in its workspace folder. */
export const PROCESSES = ['gateway', 'directory', 'leave', 'approval', 'punch-card-ingest', 'notification'] as const;
export const dockerfileOf = (process: string): string =>
  path.join(ROOT, process === 'gateway' ? 'gateway' : path.join('services', process), 'Dockerfile');

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are untyped JSON, read defensively */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: any;
}

/** An object the operators create (a Secret, the assertion trust ConfigMap): infra/k8s/external-objects.yaml. */
export interface ExternalObject {
  kind: 'Secret' | 'ConfigMap';
  name: string;
  keys: Record<string, string>;
}

export function loadExternalObjects(file = path.join(K8S_DIR, 'external-objects.yaml')): ExternalObject[] {
  return (load(readFileSync(file, 'utf8')) as { objects: ExternalObject[] }).objects;
}

/** `kustomize build` of an overlay: the YAML as it would be applied. */
export async function kustomizeBuild(kustomize: string, dir: string): Promise<string> {
  const { code, stdout, stderr } = await runCommand(kustomize, ['build', dir]);
  if (code !== 0) throw new Error(`kustomize build ${path.relative(ROOT, dir)} failed: ${stderr.trim()}`);
  return stdout;
}

export const parseManifests = (text: string): K8sObject[] =>
  loadAll(text).filter((o): o is K8sObject => o !== null && typeof o === 'object');

// ------------------------------------------------------------------ schemas ----

type Schema = Record<string, any>;

/** kubeconform's file name for a kind: `deployment-apps-v1`, `service-v1`, `networkpolicy-networking-v1`. */
export function schemaFileName(kind: string, apiVersion: string): string {
  const [groupOrVersion, version] = apiVersion.split('/');
  const suffix =
    version === undefined
      ? `-${groupOrVersion!.toLowerCase()}`
      : `-${groupOrVersion!.split('.')[0]!.toLowerCase()}-${version.toLowerCase()}`;
  return `${kind.toLowerCase()}${suffix}.json`;
}

/**
 * Standalone strict JSON schemas for the kinds given, from a Swagger 2.0 document of the Kubernetes API,
 * as kubeconform's own registry has them (openapi2jsonschema --expanded --stand-alone --strict): every
 * `$ref` inlined, an object with properties accepts no others, int-or-string is a string or an integer.
 */
export async function writeSchemas(swaggerFile: string, kinds: { kind: string; apiVersion: string }[], outDir: string): Promise<void> {
  const definitions = (JSON.parse(await readFile(swaggerFile, 'utf8')) as { definitions: Record<string, Schema> }).definitions;
  await mkdir(outDir, { recursive: true });
  for (const { kind, apiVersion } of kinds) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    const name = Object.keys(definitions).find((key) =>
      (definitions[key]!['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined)?.some(
        (gvk) => gvk.group === group && gvk.version === version && gvk.kind === kind,
      ),
    );
    if (!name) throw new Error(`the Kubernetes API ${KUBERNETES.version} has no ${apiVersion} ${kind}`);
    await writeFile(path.join(outDir, schemaFileName(kind, apiVersion)), JSON.stringify(expand(definitions[name]!, definitions, [name])));
  }
}

function expand(schema: unknown, definitions: Record<string, Schema>, stack: string[]): unknown {
  if (Array.isArray(schema)) return schema.map((s) => expand(s, definitions, stack));
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  if (typeof s['$ref'] === 'string') {
    const name = s['$ref'].replace('#/definitions/', '');
    // The API's few recursive types (JSONSchemaProps) are cut at the repeat: anything goes below it.
    if (stack.includes(name)) return {};
    return expand(definitions[name], definitions, [...stack, name]);
  }
  if (s['format'] === 'int-or-string') return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  const out: Schema = {};
  for (const [key, value] of Object.entries(s)) {
    // Property names are data, not keywords: never read a property called "$ref" or "format" as one.
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as Schema).map(([p, v]) => [p, expand(v, definitions, stack)]))
        : expand(value, definitions, stack);
  }
  if (out['properties'] && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  return out;
}

export interface KubeconformResult {
  ok: boolean;
  /** One line per invalid object or error: kind/name and kubeconform's message. */
  problems: string[];
  summary: { valid: number; invalid: number; errors: number; skipped: number };
}

/** kubeconform -strict of a YAML stream against the schemas in schemaDir (a missing schema is an error, not a skip). */
export async function kubeconform(bin: string, manifests: string, schemaDir: string): Promise<KubeconformResult> {
  const { code, stdout, stderr } = await runCommand(
    bin,
    [
      '-strict',
      '-summary',
      '-output',
      'json',
      '-kubernetes-version',
      KUBERNETES.version.slice(1),
      '-schema-location',
      path.join(schemaDir, '{{ .ResourceKind }}{{ .KindSuffix }}.json'),
      '-',
    ],
    { input: manifests },
  );
  let report: { resources?: { kind: string; name: string; status: string; msg: string }[]; summary: KubeconformResult['summary'] };
  try {
    report = JSON.parse(stdout) as typeof report;
  } catch {
    throw new Error(`kubeconform gave no report (exit ${code}): ${stderr.trim() || stdout.trim()}`);
  }
  const problems = (report.resources ?? []).filter((r) => r.status !== 'statusValid').map((r) => `${r.kind}/${r.name}: ${r.msg}`);
  return { ok: code === 0 && problems.length === 0, problems, summary: report.summary };
}

// ------------------------------------------------------------------ rules ----

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/**
 * The deployment's rules on rendered objects, one message per broken rule (empty: all hold):
 * every container has both probes on a port it serves, requests and limits, and a non-root, read-only,
 * unprivileged security context with a writable /tmp; every Secret or ConfigMap it reads is rendered or
 * documented as provided (with that key), and no secret value is in the manifests; every Deployment has a
 * Service, a PodDisruptionBudget, a HorizontalPodAutoscaler and a NetworkPolicy, and only WebITR's own pods
 * (the gateway and the internal API's callers) reach a service, only the ingress controller the gateway.
 */
export function checkManifests(objects: K8sObject[], external: ExternalObject[]): string[] {
  const problems: string[] = [];
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  const deployments = of('Deployment');
  const secretKeys = new Set(external.filter((e) => e.kind === 'Secret').flatMap((e) => Object.keys(e.keys)));

  const findSource = (kind: 'Secret' | 'ConfigMap', name: string, key?: string): string | undefined => {
    const rendered = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (rendered)
      return key === undefined || key in { ...rendered['data'], ...rendered['stringData'] }
        ? undefined
        : `key ${key} is not in ${kind} ${name}`;
    const provided = external.find((e) => e.kind === kind && e.name === name);
    if (!provided) return `${kind} ${name} is neither rendered nor in infra/k8s/external-objects.yaml`;
    return key === undefined || key in provided.keys
      ? undefined
      : `key ${key} of ${kind} ${name} is not documented in infra/k8s/external-objects.yaml`;
  };

  for (const secret of of('Secret'))
    problems.push(`Secret ${secret.metadata.name}: secrets are never in the manifests; the operators create them (external-objects.yaml)`);
  for (const map of of('ConfigMap'))
    for (const key of Object.keys(map['data'] ?? {}))
      if (secretKeys.has(key)) problems.push(`ConfigMap ${map.metadata.name}: ${key} is a secret; it comes from a Secret`);

  for (const d of deployments) {
    const where = `Deployment ${d.metadata.name}`;
    const pod = d['spec']?.template?.spec ?? {};
    const podLabels: Record<string, string> = d['spec']?.template?.metadata?.labels ?? {};
    const podSecurity = pod.securityContext ?? {};
    if (podSecurity.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${where}: the pod's seccompProfile must be RuntimeDefault`);
    if (podSecurity.runAsUser === 0) problems.push(`${where}: the pod runs as root (runAsUser 0)`);
    const volumes = new Map<string, any>((pod.volumes ?? []).map((v: any) => [v.name, v]));
    for (const v of volumes.values()) {
      if (v.secret) {
        const missing = findSource('Secret', v.secret.secretName);
        if (missing) problems.push(`${where}: volume ${v.name}: ${missing}`);
      }
      if (v.configMap) {
        const missing = findSource('ConfigMap', v.configMap.name);
        if (missing) problems.push(`${where}: volume ${v.name}: ${missing}`);
      }
    }
    for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const at = `${where}, container ${c.name}`;
      const ports = new Set<string | number>((c.ports ?? []).flatMap((p: any) => [p.name, p.containerPort].filter((x) => x !== undefined)));
      for (const [probe, pathWanted] of [
        ['readinessProbe', '/readyz'],
        ['livenessProbe', '/healthz'],
      ] as const) {
        const get = c[probe]?.httpGet;
        if (!get) problems.push(`${at}: no ${probe}`);
        else if (get.path !== pathWanted) problems.push(`${at}: ${probe} must ask ${pathWanted}, not ${get.path}`);
        else if (!ports.has(get.port)) problems.push(`${at}: ${probe} asks port ${get.port}, which the container does not declare`);
      }
      for (const bound of ['requests', 'limits'])
        for (const resource of ['cpu', 'memory'])
          if (c.resources?.[bound]?.[resource] === undefined) problems.push(`${at}: no ${resource} in resources.${bound}`);
      const sc = c.securityContext ?? {};
      if ((sc.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true) problems.push(`${at}: runAsNonRoot is not true`);
      if ((sc.runAsUser ?? podSecurity.runAsUser) === 0) problems.push(`${at}: runs as root (runAsUser 0)`);
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${at}: readOnlyRootFilesystem is not true`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation is not false`);
      if (sc.privileged === true) problems.push(`${at}: privileged`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${at}: capabilities do not drop ALL`);
      if ((sc.capabilities?.add ?? []).length > 0) problems.push(`${at}: adds capabilities ${sc.capabilities.add.join(', ')}`);
      const tmp = (c.volumeMounts ?? []).find((m: any) => m.mountPath === '/tmp');
      if (!tmp || !volumes.get(tmp.name)?.emptyDir)
        problems.push(`${at}: /tmp is not a writable emptyDir (the root filesystem is read-only)`);
      for (const m of c.volumeMounts ?? [])
        if (!volumes.has(m.name)) problems.push(`${at}: mounts ${m.name}, which is not a volume of the pod`);
      const image: string = c.image ?? '';
      if (!/:[^/]+$/.test(image) && !image.includes('@sha256:')) problems.push(`${at}: image ${image} has no tag or digest`);
      else if (image.endsWith(':latest')) problems.push(`${at}: image ${image} is :latest`);
      for (const e of c.envFrom ?? []) {
        const missing = e.secretRef
          ? findSource('Secret', e.secretRef.name)
          : e.configMapRef
            ? findSource('ConfigMap', e.configMapRef.name)
            : undefined;
        if (missing) problems.push(`${at}: envFrom: ${missing}`);
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
        if (ref) {
          const missing = findSource(e.valueFrom.secretKeyRef ? 'Secret' : 'ConfigMap', ref.name, ref.key);
          if (missing) problems.push(`${at}: ${e.name}: ${missing}`);
        } else if (secretKeys.has(e.name)) problems.push(`${at}: ${e.name} is a secret and must come from a Secret, not a value`);
      }
    }
    const named = (kind: string, test: (o: K8sObject) => boolean) => of(kind).some(test);
    if (!named('Service', (s) => selects(s['spec']?.selector, podLabels))) problems.push(`${where}: no Service selects its pods`);
    if (!named('PodDisruptionBudget', (p) => selects(p['spec']?.selector?.matchLabels, podLabels)))
      problems.push(`${where}: no PodDisruptionBudget selects its pods`);
    if (
      !named(
        'HorizontalPodAutoscaler',
        (h) => h['spec']?.scaleTargetRef?.kind === 'Deployment' && h['spec']?.scaleTargetRef?.name === d.metadata.name,
      )
    )
      problems.push(`${where}: no HorizontalPodAutoscaler scales it`);
  }

  // Network: ingress denied unless allowed; each process's own policy says who may reach its HTTP port.
  const policies = of('NetworkPolicy');
  if (
    !policies.some(
      (p) =>
        Object.keys(p['spec']?.podSelector ?? {}).length === 0 &&
        p['spec']?.policyTypes?.includes('Ingress') &&
        !p['spec']?.ingress?.length,
    )
  )
    problems.push('no NetworkPolicy denies all ingress by default (podSelector {}, policyTypes [Ingress], no rules)');
  const gatewayLabels = deployments.find((d) => d.metadata.name === 'gateway')?.['spec']?.template?.metadata?.labels;
  for (const d of deployments) {
    const where = `Deployment ${d.metadata.name}`;
    const podLabels: Record<string, string> = d['spec']?.template?.metadata?.labels ?? {};
    const container = d['spec']?.template?.spec?.containers?.[0] ?? {};
    const httpPorts = new Set((container.ports ?? []).flatMap((p: any) => [p.name, p.containerPort]));
    const own = policies.filter(
      (p) => selects(p['spec']?.podSelector?.matchLabels, podLabels) && p['spec']?.policyTypes?.includes('Ingress'),
    );
    if (own.length === 0) {
      problems.push(`${where}: no NetworkPolicy selects its pods`);
      continue;
    }
    const rules = own.flatMap((p) => p['spec']?.ingress ?? []);
    if (rules.length === 0) problems.push(`${where}: its NetworkPolicies let nothing in`);
    for (const rule of rules) {
      if (!rule.ports?.length || !rule.ports.every((p: any) => httpPorts.has(p.port)))
        problems.push(`${where}: a NetworkPolicy rule must name its HTTP port only`);
      for (const peer of rule.from ?? [undefined]) {
        if (peer === undefined) problems.push(`${where}: a NetworkPolicy rule lets in anyone (no from)`);
        else if (peer.ipBlock) problems.push(`${where}: a NetworkPolicy lets in addresses (ipBlock); only pods may come in`);
        else if (d.metadata.name === 'gateway') {
          if (!peer.namespaceSelector) problems.push(`${where}: the gateway is reached from the ingress controller's namespace only`);
        } else if (peer.namespaceSelector)
          problems.push(`${where}: a NetworkPolicy lets in another namespace; only the gateway and WebITR's services may`);
        else if (!deployments.some((other) => selects(peer.podSelector?.matchLabels, other['spec']?.template?.metadata?.labels)))
          problems.push(`${where}: a NetworkPolicy lets in pods that are not WebITR's (${JSON.stringify(peer.podSelector ?? {})})`);
      }
    }
    if (
      d.metadata.name !== 'gateway' &&
      !rules.some((r: any) => (r.from ?? []).some((peer: any) => selects(peer?.podSelector?.matchLabels, gatewayLabels)))
    )
      problems.push(`${where}: the gateway cannot reach it`);
  }

  for (const ingress of of('Ingress'))
    for (const tls of ingress['spec']?.tls ?? []) {
      const missing = findSource('Secret', tls.secretName);
      if (missing) problems.push(`Ingress ${ingress.metadata.name}: ${missing}`);
    }
  return problems;
}

/**
 * A process's Dockerfile held to the rules: multi-stage, the project's pinned Node (the `node`
 * devDependency's version), production dependencies of its own workspace only with the repository's
 * patches applied (install scripts do not run there, so the root postinstall does not), a numeric
 * non-root user in the final stage, no secrets in build arguments or environment.
 */
export function checkDockerfile(text: string, workspace: string, pinned: { node: string; patchPackage: string }): string[] {
  const nodeVersion = pinned.node;
  const problems: string[] = [];
  const lines = text.split('\n').map((l) => l.trim());
  const froms = lines.filter((l) => /^FROM\s/i.test(l));
  if (froms.length < 2) problems.push('is not multi-stage (one FROM)');
  const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(text)?.[1];
  if (!image) problems.push('does not name the Node image in ARG NODE_IMAGE');
  else if (!new RegExp(`^node:${nodeVersion.replaceAll('.', '\\.')}(-[a-z0-9-]+)?(@sha256:[0-9a-f]{64})?$`).test(image))
    problems.push(`uses ${image}, not node:${nodeVersion} (package.json's node devDependency)`);
  for (const from of froms)
    if (!/^FROM\s+\$\{NODE_IMAGE\}(\s+AS\s+\S+)?$/i.test(from)) problems.push(`${from}: every stage starts from \${NODE_IMAGE}`);
  if (!new RegExp(`npm ci --omit=dev [^\\n]*--workspace=${workspace.replace('/', '\\/')}(\\s|$)`).test(text))
    problems.push(`does not install with npm ci --omit=dev --workspace=${workspace}`);
  const patching = `npx --yes patch-package@${pinned.patchPackage} --error-on-fail`;
  if (!new RegExp(`npm ci [^\\n]*\\\\\\n\\s*&& ${patching.replaceAll('.', '\\.')}(\\s|$)`).test(text))
    problems.push(`does not apply patches/ right after npm ci (${patching})`);
  const lastStage = text.slice(text.search(/^FROM\s(?![\s\S]*^FROM\s)/m));
  const user = /^USER\s+(\S+)/m.exec(lastStage)?.[1];
  if (!user) problems.push('the final stage has no USER: it would run as root');
  else if (!/^\d+(:\d+)?$/.test(user) || user.split(':')[0] === '0')
    problems.push(`USER ${user} must be a numeric non-root user (runAsNonRoot checks numbers)`);
  for (const line of lines.filter((l) => /^(ARG|ENV)\s/i.test(l)))
    if (/(SECRET|PASSWORD|TOKEN|PRIVATE|_KEY\b|_URI\b|_URL\b)/i.test(line.split(/\s+/)[1] ?? ''))
      problems.push(`${line}: no secrets or engine addresses in the image`);
  if (!/^CMD\s+\["node",\s*"[^"]+\/src\/main\.ts"\]$/m.test(text))
    problems.push("CMD must run the process's src/main.ts with node (exec form)");
  return problems;
}
