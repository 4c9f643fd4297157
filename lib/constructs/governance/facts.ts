/**
 * Builds the plain facts the rules read from the constructs of one stack: its domains, their
 * products and grants, and any `kafka_topic` / `kafka_acl` written with the L1 bindings directly.
 * One walk over the stack's constructs; nothing here resolves tokens or synthesizes.
 */
import { TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { DomainDataProduct } from '../data-product';
import { Domain } from '../domain';
import { acl as aclL1, topic as topicL1 } from '../../gen/providers/kafka';
import { aclKey, AclSpec, coveredBy } from '../../model/grants';
import type { KafkaMesh } from '../kafka-mesh';
import { MeshResources } from '../../terraform/mesh-resources';
import { SharedTopic } from '../shared-topic';
import type { AclFacts, DomainFacts, GrantFacts, ProductFacts, RawTopicFacts } from '../../model/governance';

/** Facts with the construct they came from (for annotations and waivers). */
export interface Sourced<T> {
  readonly node: IConstruct;
  readonly facts: T;
}

export interface StackFacts {
  readonly domains: Sourced<DomainFacts>[];
  readonly products: Sourced<ProductFacts>[];
  readonly topics: Sourced<RawTopicFacts>[];
  readonly acls: Sourced<AclFacts>[];
  /** Every construct of the stack, in the order visited (for waivers). */
  readonly nodes: IConstruct[];
}

/** Whether a value came from Terraform (an expression or an unresolved token), not a literal. */
const isExpression = (v: unknown): boolean => typeof v !== 'string' || v.includes('${');

export function collectFacts(stack: TerraformStack, mesh: KafkaMesh | undefined): StackFacts {
  const out: StackFacts = { domains: [], products: [], topics: [], acls: [], nodes: [] };
  const prefixesByPrincipal = new Map<string, string[]>();
  for (const d of mesh?.domains ?? []) {
    const list = prefixesByPrincipal.get(d.principal);
    if (list) list.push(d.topicPrefix);
    else prefixesByPrincipal.set(d.principal, [d.topicPrefix]);
  }
  const owned = (principal: string) => prefixesByPrincipal.get(principal) ?? [];
  const rawTopics: { node: IConstruct; name: string }[] = [];
  const stackPrefixes: string[] = [];

  const visit = (node: IConstruct): void => {
    out.nodes.push(node);
    if (node instanceof MeshResources) return; // the mesh's own for_each blocks: already covered by the constructs' facts
    if (node instanceof Domain) {
      stackPrefixes.push(node.topicPrefix);
      out.domains.push({ node, facts: domainFacts(node) });
    } else if (node instanceof DomainDataProduct) {
      const facts = productFacts(node, mesh);
      out.products.push({ node, facts });
      for (const grant of node.grants) {
        for (const a of grant.acls) {
          out.acls.push({
            node,
            facts: {
              path: facts.path,
              principal: a.principal,
              operation: a.operation,
              resourceType: a.resourceType,
              resourceName: a.resourceName,
              patternType: a.patternType,
              ownedPrefixes: owned(a.principal),
            },
          });
        }
      }
    } else if (node instanceof topicL1.Topic) {
      const name = node.nameInput;
      if (!isExpression(name)) rawTopics.push({ node, name: name as string });
    } else if (node instanceof aclL1.Acl) {
      const principal = node.aclPrincipalInput;
      const resourceName = node.resourceNameInput;
      if (!isExpression(principal) && !isExpression(resourceName)) {
        out.acls.push({
          node,
          facts: {
            path: node.node.path,
            principal: principal as string,
            operation: String(node.aclOperationInput),
            resourceType: String(node.resourceTypeInput),
            resourceName: resourceName as string,
            patternType: String(node.resourcePatternTypeFilterInput ?? 'Literal'),
            ownedPrefixes: owned(principal as string),
          },
        });
      }
    }
    for (const child of node.node.children) visit(child);
  };
  visit(stack);
  for (const { node, name } of rawTopics) {
    out.topics.push({ node, facts: { path: node.node.path, stack: stack.node.path, name, stackPrefixes } });
  }
  return out;
}

/**
 * The ACLs the stack actually writes for the domain's grants: after the mesh leaves out those a
 * prefixed ACL of the stack already grants (that prefixed ACL counts once) and the principal-level
 * ACLs the principal's own Domain or ServiceAccount writes elsewhere.
 */
function writtenAclCount(d: Domain): number {
  const requested = new Map<string, AclSpec>();
  for (const child of d.node.children) {
    if (child instanceof DomainDataProduct) for (const g of child.grants) for (const a of g.acls) requested.set(aclKey(a), a);
  }
  if (!requested.size) return 0;
  let count = 0;
  for (const [key, acl] of MeshResources.of(d).effectiveAcls()) {
    if (requested.has(key) || [...requested.values()].some((a) => coveredBy(a, acl))) count++;
  }
  return count;
}

function domainFacts(d: Domain): DomainFacts {
  return {
    path: d.node.path,
    stack: TerraformStack.of(d).node.path,
    name: d.name,
    owner: d.owner,
    contact: d.contact,
    ...(d.description !== undefined ? { description: d.description } : {}),
    principal: d.principal,
    topicPrefix: d.topicPrefix,
    aclCount: writtenAclCount(d),
  };
}

function productFacts(p: DomainDataProduct, mesh: KafkaMesh | undefined): ProductFacts {
  const domainStack = TerraformStack.of(p.domain).node.path;
  const ownPrincipal = (principal: string): boolean => {
    if (principal === p.domain.principal) return true;
    const declaredBy = mesh?.findPrincipal(principal)?.declaredBy;
    if (declaredBy !== undefined && declaredBy.startsWith(`${domainStack}/`)) return true;
    // The principal of an application the domain runs itself (a streams app, ksqlDB cluster, NiFi flow).
    return (mesh?.applications ?? []).some((a) => {
      const app = a as { domain?: unknown; principal?: unknown };
      return app.domain === p.domain && app.principal === principal;
    });
  };
  const grants: GrantFacts[] = p.grants.map((g) => ({ principal: g.principal, access: g.access, external: !ownPrincipal(g.principal) }));
  // Rules judge what the code declares; an environment's caps and overlays only change what is written.
  const declared = p.topic.declared ?? p.topic;
  const isr = declared.config['min.insync.replicas'];
  return {
    path: p.node.path,
    stack: TerraformStack.of(p).node.path,
    topic: p.topicName,
    ...(p.existingTopicName !== undefined ? { existingTopicName: p.existingTopicName } : {}),
    kind: p instanceof SharedTopic ? 'shared' : 'product',
    domain: p.domain.name,
    domainStack,
    entity: p.entity,
    ...(p.version !== undefined ? { version: p.version } : {}),
    description: p.description,
    owner: p.owner,
    classification: p.classification,
    partitions: declared.partitions,
    replicationFactor: declared.replicationFactor,
    ...(isr !== undefined ? { minInsyncReplicas: Number(isr) } : {}),
    config: declared.config,
    ...(p.topic.declared
      ? { environment: { partitions: p.topic.partitions, replicationFactor: p.topic.replicationFactor, config: p.topic.config } }
      : {}),
    hasValueSchema: p.valueSchema !== undefined,
    hasKeySchema: p.keySchema !== undefined,
    ...(p.compatibility !== undefined ? { compatibility: p.compatibility } : {}),
    grants,
  };
}
