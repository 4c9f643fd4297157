import * as fs from 'fs';
import { Annotations, Lazy, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { fail } from '../errors';
import { MeshResources } from '../terraform/mesh-resources';

/** One Terraform `import` block: the address the mesh writes and the provider's import ID. */
export interface ImportEntry {
  readonly to: string;
  readonly id: string;
}

/**
 * Adopts objects that already exist on the cluster and registry: writes Terraform `import`
 * blocks into the stack, so the first plan imports them into the stack's state instead of
 * creating them. `kafka-mesh import` writes the list (`adopt/<stack>.json`) with the mesh's own
 * addresses (`kafka_topic.protected["sales.orders"]`, `kafka_acl.allow[...]`, ...). Once every
 * stack is deployed the call may go (an import of an object already in state does nothing).
 * Import blocks need OpenTofu or Terraform 1.5 or newer.
 */
export function importExisting(scope: IConstruct, entries: readonly ImportEntry[] | string): void {
  const stack = TerraformStack.of(scope);
  let list: unknown = entries;
  if (typeof entries === 'string') {
    try {
      list = JSON.parse(fs.readFileSync(entries, 'utf8'));
    } catch (e) {
      fail({
        path: stack.node.path,
        field: 'importExisting',
        value: entries,
        problem: `cannot be read as a JSON list of imports (${(e as Error).message})`,
        fix: 'pass the adopt/<stack>.json file kafka-mesh import wrote, relative to the directory cdktf runs in',
      });
    }
  }
  if (!Array.isArray(list) || list.some((e) => typeof e?.to !== 'string' || typeof e?.id !== 'string')) {
    fail({
      path: stack.node.path,
      field: 'importExisting',
      value: typeof entries === 'string' ? entries : '(list)',
      problem: 'must be a list of { to, id } objects',
      fix: 'pass the adopt/<stack>.json file kafka-mesh import wrote',
    });
  }
  const blocks = (list as ImportEntry[]).map((e) => ({ to: e.to, id: e.id }));
  if (!blocks.length) return;
  // An ACL the broker implies (Describe beside Read or Write, IdempotentWrite beside a topic
  // Write) is not written, so there is nothing to import it into: it stays on the cluster as it is.
  stack.addOverride(
    'import',
    Lazy.anyValue({
      produce: () => {
        const resources = stack.node.tryFindChild(MeshResources.ID);
        const acls = resources instanceof MeshResources ? new Set(resources.effectiveAcls().keys()) : undefined;
        const kept = blocks.filter((b) => {
          const acl = /^kafka_acl\.allow\[("(?:[^"\\]|\\.)*")\]$/.exec(b.to);
          return !acl || !acls || acls.has(JSON.parse(acl[1]) as string);
        });
        const left = blocks.length - kept.length;
        if (left)
          Annotations.of(stack).addInfo(
            `importExisting: ${left} ACL import(s) skipped: the broker implies those ACLs, so the mesh does not write them`,
          );
        return kept.length ? kept : undefined;
      },
    }),
  );
}
