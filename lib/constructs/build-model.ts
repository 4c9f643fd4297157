/**
 * Records what the constructs declared as the mesh model: plain, JSON-serialisable data that the
 * catalog, the lock check, the diff and review tools read.
 */
import { TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { productWithGovernance, withGovernance } from '../governance/catalog';
import { readLock, StackLock } from '../lock/lock';
import { aclKey, AclSpec } from '../model/grants';
import type { ApplicationModel, DomainModel, GrantModel, MeshModel, PrincipalModel, ProductModel, SchemaModel, StreamedModel } from '../model/model';
import { keySubject, valueSubject } from '../model/naming';
import type { IMeshDomain, IMeshProduct } from './interfaces';

/** What the model is built from: the mesh's registry. */
export interface MeshSource extends IConstruct {
  readonly lock?: { readonly dir: string };
  readonly domains: readonly IMeshDomain[];
  readonly products: readonly IMeshProduct[];
  readonly declaredPrincipals: readonly { principal: string; declaredBy: string; description?: string }[];
  readonly applications: readonly { toApplicationModel(): ApplicationModel }[];
  findDomain(name: string): IConstruct | undefined;
  findProduct(topic: string): IConstruct | undefined;
}

export function buildModel(mesh: MeshSource): MeshModel {
  const model = streamModel(mesh);
  return { ...model, products: [...model.products] };
}

/**
 * The model with its products made one at a time as they are read (once): catalog.json alone is
 * written from it, so that no product's model outlives its line of the file (the whole model is
 * some 30 MB at 20,000 products); {@link buildModel} reads them all.
 */
export function streamModel(mesh: MeshSource): StreamedModel {
  const { domains, principals, applications, product } = modelParts(mesh);
  function* products(): Generator<ProductModel> {
    for (const p of mesh.products) yield productWithGovernance(mesh, product(p));
  }
  // catalog.json's order: the products between the domains and the principals.
  return withGovernance(mesh, { modelVersion: 1, domains, products: products(), principals, applications });
}

/** The model's parts: its domains, principals and applications, and how to make a product's model. */
function modelParts(mesh: MeshSource): {
  domains: DomainModel[];
  principals: PrincipalModel[];
  applications: ApplicationModel[];
  product: (p: IMeshProduct) => ProductModel;
} {
  const locks = new Map<string, StackLock | undefined>();
  const lockOf = (stack: string) => {
    if (!mesh.lock) return undefined;
    if (!locks.has(stack)) locks.set(stack, readLock(mesh.lock.dir, stack));
    return locks.get(stack);
  };
  const domains: DomainModel[] = mesh.domains.map((d) => ({
    name: d.name,
    owner: d.owner,
    contact: d.contact,
    ...(d.description ? { description: d.description } : {}),
    principal: d.principal,
    consumerGroupPrefix: d.consumerGroupPrefix,
    topicPrefix: d.topicPrefix,
    ...(d.decommissioned.length ? { decommissioned: d.decommissioned.map((x) => ({ ...x })) } : {}),
    stack: TerraformStack.of(d).node.id,
    constructPath: d.node.path,
  }));
  const product = (p: IMeshProduct): ProductModel => {
    const schema = (s: typeof p.valueSchema, subject: string): SchemaModel | undefined => {
      if (!s) return undefined;
      const text = s.text(p.node.path);
      const published = lockOf(TerraformStack.of(p).node.id)?.subjects[subject]?.versions;
      // The version with this text and these references (subject and version); a version read
      // from a lockVersion 1 lock recorded no references.
      const refs = JSON.stringify(s.references.map((r) => [r.name, r.subject, r.version]));
      const at = published
        ? published.findIndex(
            (v) => v.schema === text && (!v.references || JSON.stringify(v.references.map((r) => [r.name, r.subject, r.version])) === refs),
          )
        : -1;
      return {
        subject,
        type: s.type,
        schema: text,
        origin: s.origin,
        references: s.references.map((r) => ({ name: r.name, subject: r.subject, version: r.version })),
        registration: s.registration,
        ...(published ? { versions: { published: published.length, current: at >= 0 ? at + 1 : published.length + 1 } } : {}),
      };
    };
    const valueSchema = schema(p.valueSchema, valueSubject(p.topicName));
    const keySchema = schema(p.keySchema, keySubject(p.topicName));
    const grants: GrantModel[] = p.grants.map((g) => ({
      grantee: g.grantee,
      principal: g.principal,
      access: g.access,
      acls: g.acls.map((a: AclSpec) => aclKey(a)),
    }));
    const unique = (xs: string[]) => [...new Set(xs)];
    return {
      topic: p.topicName,
      ...(p.existingTopicName !== undefined ? { existingTopicName: true } : {}),
      kind: p.kind,
      domain: p.domain.name,
      entity: p.entity,
      ...(p.version !== undefined ? { version: p.version } : {}),
      description: p.description,
      owner: p.owner,
      tags: [...p.tags],
      classification: p.classification,
      ...(p.sla ? { sla: p.sla } : {}),
      partitions: p.topic.partitions,
      replicationFactor: p.topic.replicationFactor,
      config: p.topic.config,
      ...(p.topic.declared ? { declared: p.topic.declared } : {}),
      protected: p.protection === 'protected',
      ...(p.acknowledgeDataLoss ? { dataLossAcknowledged: p.acknowledgeDataLoss } : {}),
      ...(p.compatibility ? { compatibility: p.compatibility } : {}),
      ...(valueSchema ? { valueSchema } : {}),
      ...(keySchema ? { keySchema } : {}),
      grants,
      producers: unique([p.domain.principal, ...grants.filter((g) => g.access === 'write').map((g) => g.principal)]),
      consumers: unique(grants.filter((g) => g.access === 'read' && g.principal !== p.domain.principal).map((g) => g.principal)),
      stack: TerraformStack.of(p).node.id,
      constructPath: p.node.path,
      ...(p.source ? { source: { ...p.source } } : {}),
    };
  };
  const principals: PrincipalModel[] = mesh.declaredPrincipals.map((o) => ({
    principal: o.principal,
    declaredBy: o.declaredBy,
    ...(o.description ? { description: o.description } : {}),
  }));
  const applications = mesh.applications.map((a) => a.toApplicationModel());
  return { domains, principals, applications, product };
}
