/**
 * What governance adds to the mesh model (and so to catalog.json): the platform policy, each
 * domain's overrides and waivers, and the waivers covering each product.
 */
import type { IConstruct } from 'constructs';
import type { MeshModel, ProductModel } from '../model/model';
import { overridesOf, policyOf, waiversCovering, waiversOn } from './state';
import type { WaiverModel } from '../model/governance';

/** What `withGovernance` needs of the mesh: where to find its constructs by path. */
interface MeshLike extends IConstruct {
  findDomain(name: string): IConstruct | undefined;
  findProduct(topic: string): IConstruct | undefined;
}

const toModel = (w: { rule: string; reason: string; path: string; expires?: string }): WaiverModel => ({
  rule: w.rule,
  reason: w.reason,
  declaredAt: w.path,
  ...(w.expires ? { expires: w.expires } : {}),
});

/**
 * The model with the governance fields filled in: the policy, and each domain's overrides and
 * waivers (a product's waivers: {@link productWithGovernance}); the model unchanged when nothing
 * was declared. Its members keep their order, the policy last.
 */
export function withGovernance<M extends Pick<MeshModel, 'domains'>>(mesh: MeshLike, model: M): M & Pick<MeshModel, 'governance'> {
  const policy = policyOf(mesh);
  const domains = model.domains.map((d) => {
    const domain = mesh.findDomain(d.name);
    if (!domain) return d;
    const o = overridesOf(domain);
    const waivers = waiversOn(domain).map(toModel);
    return {
      ...d,
      ...(o ? { overrides: { standards: o.standards, ...(o.reason ? { reason: o.reason } : {}), declaredAt: o.path } } : {}),
      ...(waivers.length ? { waivers } : {}),
    };
  });
  if (!policy && domains.every((d, i) => d === model.domains[i])) return model;
  return {
    ...model,
    domains,
    ...(policy
      ? {
          governance: {
            policy: policy.path,
            packs: [...policy.packs],
            standards: policy.standards,
            overrideBounds: policy.bounds,
            levels: { ...policy.levels },
          },
        }
      : {}),
  };
}

/** A product's model with the waivers covering it; the model unchanged when none does. */
export function productWithGovernance(mesh: MeshLike, p: ProductModel): ProductModel {
  const product = mesh.findProduct(p.topic);
  const waivers = product ? waiversCovering(product).map(toModel) : [];
  return waivers.length ? { ...p, waivers } : p;
}
