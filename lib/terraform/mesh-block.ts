import { TerraformElement, TerraformProvider } from 'cdktf';
import { deepMerge } from 'cdktf/lib/util';
import { Construct } from 'constructs';

/*
 * The mesh's own provider and resource blocks, written as the plain JSON Terraform reads rather
 * than through the generated provider bindings. A binding's block carries every attribute of the
 * provider's schema, each a value cdktf walks and resolves as a token, twice per synth (once to
 * prepare the stack, once to write it): some 100 KB of allocation per block for a few hundred
 * bytes of JSON, which at 1,000 stacks was a third of the synth's allocation. These blocks hold
 * literal JSON (attribute names as Terraform spells them, `${...}` expressions as strings), made
 * when the stack is written, so a block reflects everything declared before the synth.
 *
 * The escape hatch of any cdktf element still works: `addOverride` (merged over the block, and
 * listed in the stack's metadata as an override) and `overrideLogicalId`.
 */

/** A block's attributes: plain JSON values (an absent attribute is `undefined`). */
export type BlockAttributes = Record<string, unknown>;

/**
 * How a block hands its body, literal JSON, to the stack's writer: as a value that resolves to
 * a marker the writer replaces with the body, so that cdktf never walks it (see
 * MeshResources.spliceIntoStackJson). A body with an escape hatch's overrides is not literal
 * (an override may hold tokens), and is resolved as cdktf resolves any block.
 */
export type Splice = (body: () => BlockAttributes) => unknown;

/** A Terraform provider as the mesh configures it: its registry address and exact version. */
export interface ProviderRequirement {
  /** The provider's local name, which is also its block type (`kafka`). */
  readonly name: string;
  /** The registry address (`mongey/kafka`). */
  readonly source: string;
  readonly version: string;
}

/**
 * A provider block: `provider.<name>` and its `terraform.required_providers` entry. A
 * TerraformProvider, so that cdktf finds the provider of any generated-binding resource a stack
 * adds beside the mesh's (an escape hatch).
 */
export class MeshProviderBlock extends TerraformProvider {
  private readonly requirement: ProviderRequirement;
  private readonly attributes: () => BlockAttributes;
  /** The body as the {@link Splice} made it, when the block is made (not while the stack is synthesized). */
  private readonly splicedBody: unknown;

  public constructor(scope: Construct, id: string, requirement: ProviderRequirement, attributes: () => BlockAttributes, splice: Splice) {
    super(scope, id, {
      terraformResourceType: requirement.name,
      terraformGeneratorMetadata: { providerName: requirement.name, providerVersion: requirement.version },
      terraformProviderSource: requirement.source,
    });
    this.requirement = requirement;
    this.attributes = attributes;
    this.splicedBody = splice(() => this.body());
  }

  private body(): BlockAttributes {
    return deepMerge(this.attributes(), this.rawOverrides, this.metaAttributes);
  }

  private block(body: unknown): Record<string, unknown> {
    const { name, source, version } = this.requirement;
    return { terraform: { required_providers: { [name]: { version, source } } }, provider: { [name]: [body] } };
  }

  public override toTerraform(): Record<string, unknown> {
    const literal = Object.keys(this.rawOverrides).length === 0 && this.alias === undefined;
    return this.block(literal ? this.splicedBody : this.body());
  }

  public override toHclTerraform(): Record<string, unknown> {
    return this.block(this.body());
  }
}

/**
 * A resource block: `resource.<type>.<name>`, with the construct's path in its `//` comment as
 * cdktf writes it for a binding's resource. Its `fqn` is the block's address, for `depends_on`.
 */
export class MeshResourceBlock extends TerraformElement {
  private readonly type: string;
  private readonly attributes: () => BlockAttributes;
  /** The body as the {@link Splice} made it, when the block is made (not while the stack is synthesized). */
  private readonly splicedBody: unknown;

  public constructor(scope: Construct, id: string, block: { type: string; name: string }, attributes: () => BlockAttributes, splice: Splice) {
    super(scope, id, block.type);
    this.type = block.type;
    this.attributes = attributes;
    this.splicedBody = splice(() => this.body());
    this.overrideLogicalId(block.name);
  }

  private body(): BlockAttributes {
    const attributes = deepMerge(this.attributes(), this.rawOverrides);
    attributes['//'] = { ...(attributes['//'] ?? {}), ...this.constructNodeMetadata };
    return attributes;
  }

  private block(body: unknown): Record<string, unknown> {
    return { resource: { [this.type]: { [this.friendlyUniqueId]: body } } };
  }

  public override toTerraform(): Record<string, unknown> {
    return this.block(Object.keys(this.rawOverrides).length === 0 ? this.splicedBody : this.body());
  }

  public override toHclTerraform(): Record<string, unknown> {
    return this.block(this.body());
  }

  public override toMetadata(): Record<string, unknown> {
    const overridden = Object.keys(this.rawOverrides);
    return overridden.length ? { overrides: { [this.type]: overridden } } : {};
  }
}
