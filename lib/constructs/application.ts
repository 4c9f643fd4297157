/**
 * The wiring every application construct shares (StreamsApp, Connector, KsqlApp, NiFiFlow): its
 * principal, inputs and outputs (validated and granted), the check that the principal is
 * declared, its entry in the mesh model and its Terraform outputs. Application constructs import
 * these from here, never from one another.
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { fail } from '../errors';
import { aclKey, AclSpec } from '../model/grants';
import { DomainDataProduct, ImportedDataProduct } from './data-product';
import type { IDataProduct } from './interfaces';
import { Domain } from './domain';
import { MeshResources } from '../terraform/mesh-resources';
import type { ApplicationModel } from '../model/model';
import { kafkaTopicNameProblem, normalizePrincipal, PRINCIPAL } from '../model/naming';
import { IGrantee, isGrantee, Principal } from './principal';
import { withFix } from '../private/validation';

/**
 * What an application reads: a data product of this app, or a product owned by another stack or
 * repository, `DomainDataProduct.fromTopicName(scope, 'inventory.stock-level-updated')`. A bare
 * topic name string is still accepted and means the same as `fromTopicName`.
 */
export type ApplicationInput = IDataProduct | string;

/** The principal an application runs as: a ServiceAccount, a Domain, a Principal, or `'User:<name>'`. */
export type ApplicationPrincipal = IGrantee | string;

const productInstance = z.custom<DomainDataProduct>((v) => v instanceof DomainDataProduct, { error: 'must be a DomainDataProduct' });
const importedProduct = z.custom<ImportedDataProduct>((v) => v instanceof ImportedDataProduct, {
  error: 'must be DomainDataProduct.fromTopicName(...)',
});

/** zod schema of an application's principal: a grantee, or `User:<name>` (a bare name means `User:<name>`). */
export const applicationPrincipalSchema = withFix(
  z.union(
    [
      z.custom<IGrantee>((v) => isGrantee(v)),
      z
        .string()
        .transform(normalizePrincipal)
        .pipe(z.string().regex(PRINCIPAL, { error: "must look like 'User:<name>'" })),
    ],
    { error: "must be a ServiceAccount, a Domain, a Principal or 'User:<name>'" },
  ),
  "pass the ServiceAccount the platform declared for the app, or its principal as 'User:<name>'",
);

/** zod schema of an application's inputs. */
export const applicationInputsSchema = z.array(
  withFix(
    z.union(
      [
        productInstance,
        importedProduct,
        z.string().refine((t) => kafkaTopicNameProblem(t) === undefined, { error: 'must be a DomainDataProduct or the topic name of one' }),
      ],
      {
        error: 'must be a DomainDataProduct or the topic name of one',
      },
    ),
    "pass the product, or its topic name such as 'inventory.stock-level-updated'",
  ),
  { error: 'must be a list of data products' },
);

/** zod schema of an application's outputs. */
export const applicationOutputsSchema = z.array(withFix(productInstance, 'pass the DomainDataProduct the app writes'), {
  error: 'must be a list of data products',
});

/** ACLs in a stable order (by key), without duplicates. */
export function sortedAcls(acls: readonly AclSpec[]): AclSpec[] {
  const byKey = new Map<string, AclSpec>();
  for (const acl of acls) byKey.set(aclKey(acl), acl);
  return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
}

/** The grantee of an application's principal (a string becomes a {@link Principal}). */
export function applicationGrantee(principal: IGrantee | string): IGrantee {
  return typeof principal === 'string' ? Principal.fromName(principal) : principal;
}

/** Identifies the application for the shared input and output wiring. */
export interface ApplicationWiring {
  readonly domain: Domain;
  readonly path: string;
  readonly grantee: IGrantee;
  /** How the app is named in messages, e.g. `the streams app sales.processOrder`. */
  readonly what: string;
}

/** Where an error points: `inputs` names `inputs[i]`; a function names each item itself. */
export type ItemField = string | ((i: number) => string);

function itemField(field: ItemField, i: number): string {
  return typeof field === 'string' ? `${field}[${i}]` : field(i);
}

/**
 * Resolves an application's inputs to topic names. Products of the app's domain are granted
 * here (`grantRead` with the app's consumer group, or the grantee's group prefix when it is
 * undefined); products of other domains are checked at synth for a read grant to the app's
 * principal by their owner.
 */
export function wireInputs(
  app: ApplicationWiring,
  inputs: readonly ApplicationInput[],
  consumerGroup: string | undefined,
  field: ItemField = 'inputs',
): string[] {
  const mesh = app.domain.mesh;
  const resources = MeshResources.of(app.domain);
  const topics: string[] = [];
  inputs.forEach((input, i) => {
    const where = itemField(field, i);
    const topic = typeof input === 'string' ? input : input.topicName;
    const product = input instanceof DomainDataProduct ? input : mesh.findProduct(topic);
    if (topics.includes(topic)) fail({ path: app.path, field: where, value: topic, problem: 'is listed twice', fix: 'list each input once' });
    topics.push(topic);
    if (product && product.domain === app.domain) {
      product.grantRead(app.grantee, consumerGroup === undefined ? {} : { consumerGroup });
      return;
    }
    if (product && product.domain.mesh !== mesh) {
      fail({
        path: app.path,
        field: where,
        value: topic,
        problem: 'is a product of another mesh (another environment)',
        fix: "pass the product of this environment's mesh, or its topic name",
      });
    }
    resources.defer(() => {
      const found = mesh.findProduct(topic);
      if (!found) {
        fail({
          path: app.path,
          field: where,
          value: topic,
          problem: 'is not a data product of the mesh',
          fix: `declare the product, or correct the topic name (products: ${mesh.products.map((p) => p.topicName).join(', ') || 'none'})`,
        });
      }
      if (found.domain === app.domain) {
        fail({
          path: app.path,
          field: where,
          value: topic,
          problem: `is a product of the app's own domain, declared after ${app.what}`,
          fix: 'pass the DomainDataProduct itself, so that the grant is made here',
        });
      }
      const granted = found.grants.some((g) => g.access === 'read' && g.principal === app.grantee.principal);
      if (!granted) {
        fail({
          path: app.path,
          field: where,
          value: topic,
          problem: `is owned by the ${found.domain.name} domain, which grants no read to ${app.grantee.principal}`,
          fix: `the owner grants it in stack ${TerraformStack.of(found).node.id}: ${found.node.id}.grantRead(Principal.fromName('${app.grantee.principal}'))`,
        });
      }
    });
  });
  return topics;
}

/**
 * Grants an application write on its outputs, products of its own domain (`grantWrite`).
 */
export function wireOutputs(
  app: ApplicationWiring,
  outputs: readonly DomainDataProduct[],
  transactionalIdPrefix?: string,
  field: ItemField = 'outputs',
): string[] {
  const topics: string[] = [];
  outputs.forEach((product, i) => {
    const where = itemField(field, i);
    if (product.domain !== app.domain) {
      fail({
        path: app.path,
        field: where,
        value: product.topicName,
        problem: `is a product of the ${product.domain.name} domain; ${app.what} runs in the ${app.domain.name} domain and writes only its own products`,
        fix: `declare the output as a product of ${app.domain.name}, or run the app in the ${product.domain.name} domain`,
      });
    }
    if (topics.includes(product.topicName))
      fail({ path: app.path, field: where, value: product.topicName, problem: 'is listed twice', fix: 'list each output once' });
    topics.push(product.topicName);
    product.grantWrite(app.grantee, transactionalIdPrefix ? { transactionalIdPrefix } : {});
  });
  return topics;
}

/** Refuses an application created outside a Domain: `what` names it (`the ksqlDB cluster`), `className` its class. */
export function requireDomainScope(app: Construct, scope: unknown, what: string, className: string): asserts scope is Domain {
  if (!(scope instanceof Domain)) {
    fail({
      path: app.node.path,
      field: 'scope',
      problem: `must be the Domain that runs ${what}`,
      fix: `create it as new ${className}(domain, id, props)`,
    });
  }
}

/** Defers the check that the principal is declared, and refuses a wildcard principal now. */
export function checkApplicationPrincipal(app: ApplicationWiring): void {
  if (app.grantee.principal.endsWith(':*')) {
    fail({
      path: app.path,
      field: 'principal',
      value: app.grantee.principal,
      problem: 'is a wildcard: every principal would get the app’s access',
      fix: 'run the app as a principal of its own (a ServiceAccount)',
    });
  }
  const mesh = app.domain.mesh;
  MeshResources.of(app.domain).defer(() => {
    mesh.requirePrincipal(app.grantee.principal, app.path, 'principal');
    const other = mesh.domains.find((d) => d !== app.domain && d.principal === app.grantee.principal && app.domain.principal !== d.principal);
    if (other) {
      fail({
        path: app.path,
        field: 'principal',
        value: app.grantee.principal,
        problem: `is the principal of the ${other.name} domain; ${app.what} runs in the ${app.domain.name} domain and would act with all of ${other.name}'s access`,
        fix: `run it as a principal of its own (a ServiceAccount) or as ${app.domain.principal}`,
      });
    }
  });
}

/** What {@link applicationModel} reads from an application construct. */
export interface ApplicationParts extends Construct {
  readonly domain: Domain;
  readonly principal: string;
  readonly description?: string;
  readonly inputTopics: readonly string[];
  readonly outputTopics: readonly string[];
}

/** An application's entry in the mesh model. */
export function applicationModel(
  app: ApplicationParts,
  name: string,
  kind: ApplicationModel['kind'],
  external?: ApplicationModel['external'],
  extra: Pick<ApplicationModel, 'externals' | 'queries'> = {},
): ApplicationModel {
  return {
    name,
    kind,
    domain: app.domain.name,
    principal: app.principal,
    ...(app.description ? { description: app.description } : {}),
    inputs: [...app.inputTopics],
    outputs: [...app.outputTopics],
    ...(external ? { external } : {}),
    ...(extra.externals?.length ? { externals: extra.externals } : {}),
    ...(extra.queries?.length ? { queries: extra.queries } : {}),
    stack: TerraformStack.of(app).node.id,
    constructPath: app.node.path,
  };
}

/**
 * Terraform outputs with an application's settings, `<prefix>_<name>` each (`cdktf output
 * <stack>` shows them): `{ settingName: [value, description] }`, each camelCase name written in
 * Terraform's snake_case (`bootstrapServers` is the output `<prefix>_bootstrap_servers`).
 */
export function settingOutputs(scope: Construct, prefix: string, outputs: Record<string, [string, string]>): void {
  for (const [setting, [value, description]] of Object.entries(outputs)) {
    const name = setting.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    new TerraformOutput(scope, name, { value, description }).overrideLogicalId(`${prefix}_${name}`);
  }
}

/** A Terraform name (output, resource) from a Kafka name: other characters become `_`. */
export function terraformName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(safe) ? safe : `_${safe}`;
}
