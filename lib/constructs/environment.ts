import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { z } from 'zod';
import { closest, fail } from '../errors';
import { KafkaMesh, KafkaMeshProps, markMeshScope, meshSecretFix, setEnvironmentsNotBuilt } from './kafka-mesh';
import { TopicDefaults } from '../model/topic-config';
import { constructId, intRange, validateProps, validatePropsWithDefault, withFix, withSecretFix } from '../private/validation';

/**
 * What an environment changes in every topic of its mesh, applied where topics resolve their
 * settings (TopicDefaults, resolveTopic), after validation. The product code stays the same
 * in every environment.
 */
export interface EnvironmentOverlay {
  /** Multiplies every topic's partitions, rounded up, at least 1 (e.g. 0.5 in dev). @default 1 */
  readonly partitionScale?: number;
  /** Cap on partitions, after `partitionScale`. @default no cap */
  readonly maxPartitions?: number;
  /**
   * Cap on replicas per partition (a one-broker dev cluster holds one); min.insync.replicas is
   * lowered with it. The lower of this and the mesh's own `topicDefaults.maxReplicationFactor`
   * applies. @default no cap
   */
  readonly maxReplicationFactor?: number;
  /**
   * Cap on `retention.ms` of topics that delete old data; topics without a retention or with
   * `'infinite'` get the cap. Compact-only topics keep theirs. @default no cap
   */
  readonly maxRetentionMs?: number;
  /** Cap on `retention.bytes` (per partition), applied like `maxRetentionMs`. @default no cap */
  readonly maxRetentionBytes?: number;
}

export interface EnvironmentProps {
  /**
   * The environment's name, e.g. `dev`, `staging`, `prod`: every stack of the environment is
   * named `<stack>-<name>`, so each keeps its own Terraform state.
   * @default the construct id
   */
  readonly name?: string;
  /**
   * The environment's mesh: its cluster and registry connection, topic defaults, principals,
   * backend and lock. `artifactsSubdir` defaults to `environments/<name>`.
   */
  readonly mesh: KafkaMeshProps;
  /** Scaling and caps for this environment's topics. @default none */
  readonly overlay?: EnvironmentOverlay;
}

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const environmentName = withFix(
  z
    .string({ error: 'must be a string' })
    .regex(ENVIRONMENT_NAME, { error: 'must be lower-case letters, digits and dashes, starting with a letter (at most 31)' }),
  "name environments like 'dev', 'staging', 'prod'",
);

const overlaySchema = z
  .object({
    partitionScale: withFix(
      z.number({ error: 'must be a number' }).positive({ error: 'must be a positive factor' }).max(100, { error: 'must be at most 100' }),
      'use a factor such as 0.5 (half the partitions) or 2',
    ).optional(),
    maxPartitions: intRange(1, 10000).optional(),
    maxReplicationFactor: intRange(1, 32, 'set it to the number of brokers of the environment').optional(),
    maxRetentionMs: intRange(1, Number.MAX_SAFE_INTEGER, 'give the cap in milliseconds, e.g. 86400000 for one day').optional(),
    maxRetentionBytes: intRange(1, Number.MAX_SAFE_INTEGER, 'give the cap in bytes per partition').optional(),
  })
  .strict();

const propsSchema = withSecretFix(
  z.object({
    name: environmentName.optional(),
    mesh: z.custom<KafkaMeshProps>((v) => typeof v === 'object' && v !== null, { error: 'must be the KafkaMesh props of the environment' }),
    // Validated on its own (below), so that an unknown key gets a hint among the overlay's keys.
    overlay: z.unknown().optional(),
  }),
  meshSecretFix,
);

/** Environment names an app knows (declared with {@link Environment.select} or constructed), per app root. */
const knownNames = new WeakMap<IConstruct, Set<string>>();

function known(scope: IConstruct): Set<string> {
  const root = scope.node.root;
  let names = knownNames.get(root);
  if (!names) knownNames.set(root, (names = new Set()));
  return names;
}

/**
 * Environments the app knows (from {@link Environment.select}) but did not build in this synth
 * (`MESH_ENVIRONMENTS` picked others): their stacks are absent on purpose, not deleted.
 */
export function environmentsNotBuilt(root: IConstruct): string[] {
  const built = new Set(
    aboveStacks(root)
      .filter((c): c is Environment => c instanceof Environment)
      .map((e) => e.name),
  );
  return [...known(root)].filter((n) => !built.has(n));
}
setEnvironmentsNotBuilt(environmentsNotBuilt);

/**
 * One environment (dev, staging, prod) of a mesh: its own KafkaMesh (cluster, registry,
 * principals) with an overlay on every topic, and its own stacks, named `<stack>-<env>`.
 *
 * The same stack classes build every environment, in one app, as cdktf's documented
 * multi-environment pattern does; `cdktf deploy 'sales-prod'` or `cdktf deploy '*-staging'`
 * picks stacks, and each stack has its own state (`terraform.sales-prod.tfstate` with the
 * local backend; give remote backends a key per stack through `mesh.backend`).
 *
 * ```ts
 * const app = new App();
 * for (const name of Environment.select(app, ['dev', 'staging', 'prod'])) {
 *   const env = new Environment(app, name, { mesh: { cluster: clusters[name] }, overlay: overlays[name] });
 *   new SalesStack(env, env.stackName('sales'));
 * }
 * ```
 *
 * Constructs find their environment with {@link Environment.of}, e.g. to declare a product in
 * some environments only: `env.onlyIn(['dev'], () => new DomainDataProduct(...))`.
 *
 * The environment's stacks must be its descendants and end in `-<name>`; a stack named
 * otherwise fails when its first mesh construct is created.
 */
export class Environment extends Construct {
  /**
   * The environments to build: `names`, or the subset named by the environment variable
   * `MESH_ENVIRONMENTS` (comma-separated) or the app context `meshEnvironments` (cdktf.json
   * `context`, or `CDKTF_CONTEXT_JSON`), for a faster synth of one environment.
   */
  public static select(scope: Construct, names: string[], env: NodeJS.ProcessEnv = process.env): string[] {
    const path = scope.node.path || '(app)';
    if (!Array.isArray(names))
      fail({
        path,
        field: 'environments',
        value: names,
        problem: 'must be a list of environment names',
        fix: "Environment.select(app, ['dev', 'staging', 'prod'])",
      });
    names.forEach((n, i) => {
      if (!ENVIRONMENT_NAME.test(n))
        fail({
          path,
          field: `environments[${i}]`,
          value: n,
          problem: 'must be lower-case letters, digits and dashes, starting with a letter',
          fix: "name environments like 'dev', 'staging', 'prod'",
        });
      known(scope).add(n);
    });
    const fromContext: unknown = scope.node.tryGetContext('meshEnvironments');
    const raw =
      env.MESH_ENVIRONMENTS ?? (Array.isArray(fromContext) ? fromContext.join(',') : typeof fromContext === 'string' ? fromContext : undefined);
    if (raw === undefined || raw.trim() === '') return [...names];
    const field = env.MESH_ENVIRONMENTS !== undefined ? 'MESH_ENVIRONMENTS' : 'context meshEnvironments';
    const wanted = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const w of wanted) {
      if (!names.includes(w)) {
        const hint = closest(w, names);
        fail({
          path,
          field,
          value: raw,
          problem: `names "${w}", which is not an environment of the app (${names.join(', ')})`,
          fix: hint ? `did you mean '${hint}'?` : `use some of ${names.join(', ')}`,
        });
      }
    }
    return names.filter((n) => wanted.includes(n));
  }

  /** The environment `scope` belongs to, or undefined outside any. */
  public static tryOf(scope: IConstruct): Environment | undefined {
    for (let cur: IConstruct | undefined = scope; cur; cur = cur.node.scope) {
      if (cur instanceof Environment) return cur;
    }
    return undefined;
  }

  /** The environment `scope` belongs to. */
  public static of(scope: IConstruct): Environment {
    const env = Environment.tryOf(scope);
    if (!env)
      fail({
        path: scope.node.path || '(root)',
        field: 'scope',
        problem: 'is not inside an Environment',
        fix: "create the stack with an Environment as its scope: new SalesStack(env, env.stackName('sales'))",
      });
    return env;
  }

  public readonly name: string;
  public readonly mesh: KafkaMesh;
  public readonly overlay: EnvironmentOverlay;

  constructor(scope: Construct, id: string, props: EnvironmentProps) {
    super(scope, constructId(scope, id, 'Environment'));
    const { props: p, value: name } = validatePropsWithDefault(propsSchema, props, this.node.path, 'name', () => id, ENVIRONMENT_NAME);
    this.name = name;
    const twin = aboveStacks(this.node.root).find((e): e is Environment => e instanceof Environment && e !== this && e.name === this.name);
    if (twin)
      fail({
        path: this.node.path,
        field: 'name',
        value: this.name,
        problem: `is already the name of the environment ${twin.node.path}`,
        fix: 'declare each environment once',
      });
    known(this).add(this.name);
    this.overlay = p.overlay === undefined ? {} : validateProps(overlaySchema, p.overlay, this.node.path, 'overlay');
    markMeshScope(this);
    const meshProps = props.mesh;
    const base: Partial<TopicDefaults> = meshProps.topicDefaults ?? {};
    const o = this.overlay;
    const caps = [base.maxReplicationFactor, o.maxReplicationFactor].filter((c): c is number => c !== undefined);
    const userBackend = meshProps.backend;
    this.mesh = new KafkaMesh(this, 'mesh', {
      ...meshProps,
      topicDefaults: {
        ...base,
        ...(o.partitionScale !== undefined ? { partitionScale: o.partitionScale } : {}),
        ...(o.maxPartitions !== undefined ? { maxPartitions: o.maxPartitions } : {}),
        ...(caps.length ? { maxReplicationFactor: Math.min(...caps) } : {}),
        ...(o.maxRetentionMs !== undefined ? { maxRetentionMs: o.maxRetentionMs } : {}),
        ...(o.maxRetentionBytes !== undefined ? { maxRetentionBytes: o.maxRetentionBytes } : {}),
      },
      artifactsSubdir: meshProps.artifactsSubdir ?? `environments/${this.name}`,
      // Called once per stack that holds mesh resources: the place to check the stack's name.
      backend: (stack) => {
        this.checkStack(stack);
        userBackend?.(stack);
      },
    });
  }

  /** `<base>-<name>`, e.g. `sales-prod`. */
  public stackName(base: string): string {
    return `${base}-${this.name}`;
  }

  /** Whether this is one of the named environments. */
  public is(...names: string[]): boolean {
    this.checkNames(names, 'is');
    return names.includes(this.name);
  }

  /**
   * Builds something only in the named environments (a product for testing in dev, say), and
   * returns it there; elsewhere returns undefined and builds nothing.
   */
  public onlyIn<T>(names: string[], build: () => T): T | undefined {
    this.checkNames(names, 'onlyIn');
    return names.includes(this.name) ? build() : undefined;
  }

  private checkNames(names: string[], field: string): void {
    const all = known(this);
    if (!Array.isArray(names))
      fail({ path: this.node.path, field, value: names, problem: 'must be a list of environment names', fix: `${field}(['dev'], ...)` });
    names.forEach((n, i) => {
      if (!all.has(n)) {
        const hint = closest(n, all);
        fail({
          path: this.node.path,
          field: `${field}[${i}]`,
          value: n,
          problem: `is not an environment of the app (known: ${[...all].sort().join(', ')})`,
          fix: hint ? `did you mean '${hint}'?` : 'declare the environments with Environment.select(app, [...]) before building them',
        });
      }
    });
  }

  private checkStack(stack: TerraformStack): void {
    const id = stack.node.id;
    const suffix = `-${this.name}`;
    if (!id.endsWith(suffix) || id.length === suffix.length) {
      fail({
        path: stack.node.path,
        field: 'stack name',
        value: id,
        problem: `must end with "${suffix}": each environment's stacks need names of their own, so that each keeps its own Terraform state`,
        fix: `create it as new XStack(env, env.stackName('${id}')) ('${id}${suffix}')`,
      });
    }
    const twin = aboveStacks(this.node.root).find((s) => TerraformStack.isStack(s) && s !== stack && s.node.id === id);
    if (twin)
      fail({
        path: stack.node.path,
        field: 'stack name',
        value: id,
        problem: `is also the name of the stack ${twin.node.path}; cdktf would merge their output`,
        fix: 'give every stack of the app its own name',
      });
  }
}

/** The constructs of an app outside its stacks, the stacks included (environments sit above stacks). */
function aboveStacks(root: IConstruct): IConstruct[] {
  const out: IConstruct[] = [];
  const walk = (c: IConstruct) => {
    for (const child of c.node.children) {
      out.push(child);
      if (!TerraformStack.isStack(child)) walk(child);
    }
  };
  walk(root);
  return out;
}
