/**
 * What the Terraform writer needs of the mesh it writes for: the connection, the lock, the
 * products' schemas (for the lock checks), the principals' declarations and the stacks holding
 * mesh resources. KafkaMesh provides it; the writer never imports a construct class.
 */
import type { IAspect, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { fail } from '../errors';
import type { KafkaClusterProps, SchemaRegistryProps } from '../model/connection';
import type { AclSpec } from '../model/grants';
import type { Schema } from '../model/schema';

/** Who declared a principal: a domain, a service account, or the mesh's own list. */
export interface PrincipalOrigin {
  readonly principal: string;
  readonly declaredBy: string;
  readonly description?: string;
  /**
   * Set when the declaring construct writes the principal's own ACLs in its own stack: Read on
   * its consumer groups under this prefix, and IdempotentWrite on the cluster. Grants elsewhere
   * then leave those ACLs out, so that no two stacks manage the same ACL. When a Domain and a
   * ServiceAccount both declare a principal, the Domain writes them.
   */
  readonly ownsGroupPrefix?: string;
  /** Path of the construct that writes the principal's own ACLs (with `ownsGroupPrefix`). */
  readonly aclOwner?: string;
  /** @internal precedence of the ACL owner: a Domain (2) over a ServiceAccount (1) */
  readonly aclOwnerRank?: number;
  /**
   * The principal's own consumer-group prefix when its declaring construct does not write its
   * own ACLs (a principal of the mesh's `principals`, a Domain without `ownerAccess`): one stack
   * writes them then, the first of: the stack declaring it, the platform stack (the stack of the
   * GovernancePolicy), the first stack by name among those granting to it.
   */
  readonly groupPrefix?: string;
  /** @internal the stack of the declaring construct, when it is inside one */
  readonly stack?: TerraformStack;
}

/** A product as the writer's checks see it: the construct declaring it and its schemas. */
export interface ProductRef extends IConstruct {
  readonly valueSchema?: Schema;
  readonly keySchema?: Schema;
}

export interface MeshContext extends IConstruct {
  readonly cluster: KafkaClusterProps;
  readonly schemaRegistry?: SchemaRegistryProps;
  readonly backend?: (stack: TerraformStack) => void;
  readonly lock?: { readonly dir: string; readonly update: boolean; readonly create?: boolean };
  findProduct(topic: string): ProductRef | undefined;
  principalLevelOrigin(acl: AclSpec): PrincipalOrigin | undefined;
  addStackAspect(aspect: IAspect): void;
  /** @internal counts the changes to the principals' declarations (for caches of what depends on them) */
  _principalsRevision(): number;
  /** @internal */
  _registerStack(stack: TerraformStack): void;
  /** @internal */
  _stacks(): readonly TerraformStack[];
  /** @internal */
  _synthesize(synthOutdir: string): void;
  /** @internal */
  _checkOrphanedLocks(): void;
}

const contexts = new WeakSet<IConstruct>();
/**
 * The first mesh created directly in each scope: looked up instead of listing the scope's
 * children (an app's children are its stacks, and every construct of a large mesh asks).
 */
const byScope = new WeakMap<IConstruct, MeshContext>();

/** @internal marks `mesh` as the mesh of its app (KafkaMesh calls it from its constructor) */
export function registerMeshContext(mesh: MeshContext): void {
  contexts.add(mesh);
  const scope = mesh.node.scope;
  if (scope && !byScope.has(scope)) byScope.set(scope, mesh);
}

/** The mesh of the app `scope` belongs to: the nearest one above it, or a child of a scope above it. */
export function meshContextOf(scope: IConstruct): MeshContext {
  for (let cur: IConstruct | undefined = scope; cur; cur = cur.node.scope) {
    if (contexts.has(cur)) return cur as MeshContext;
    const found = byScope.get(cur);
    if (found) return found;
  }
  return fail({
    path: scope.node.path || '(root)',
    field: 'scope',
    problem: 'has no KafkaMesh in its app',
    fix: "create one first at the app's root: new KafkaMesh(app, 'mesh', { cluster: { bootstrapServers: [...] } })",
  });
}
