import type { CompatibilityLevel, SchemaFormat } from '../compat';
import { isRecord } from './errors';

/**
 * Schema subjects as the restapi backend writes them: a `restapi_object` whose path is
 * `/subjects/<s>/versions` registers a schema (its `data` is the Confluent API's request body),
 * one whose path is `/config/<s>` sets the subject's compatibility level. Any other
 * `restapi_object` is not the mesh's.
 */
export type RestapiSubjectObject =
  | {
      readonly kind: 'schema';
      readonly subject: string;
      readonly schema: string;
      readonly type: SchemaFormat;
      readonly references: { name: string; subject: string; version: number }[];
    }
  | { readonly kind: 'compatibility'; readonly subject: string; readonly level: CompatibilityLevel };

/** The level a subject without a subject-level setting has: the registry's default. */
export const DEFAULT_LEVEL: CompatibilityLevel = 'BACKWARD';

/**
 * Reads a restapi_object from its `path` (with `${each.key}` already replaced by the instance
 * key, or resolved by Terraform in a plan) and its `data`. Undefined when it is not a subject.
 */
export function restapiSubjectObject(path: unknown, data: unknown): RestapiSubjectObject | undefined {
  if (typeof path !== 'string' || typeof data !== 'string') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const versions = /^\/subjects\/([^/]+)\/versions$/.exec(path);
  if (versions && typeof body.schema === 'string') {
    const refs = Array.isArray(body.references) ? body.references.filter(isRecord) : [];
    return {
      kind: 'schema',
      subject: decodeURIComponent(versions[1]),
      schema: body.schema,
      type: String(body.schemaType ?? 'AVRO').toUpperCase() as SchemaFormat,
      references: refs.map((r) => ({ name: String(r.name), subject: String(r.subject), version: Number(r.version) })),
    };
  }
  const config = /^\/config\/([^/]+)$/.exec(path);
  if (config && typeof body.compatibility === 'string') {
    return { kind: 'compatibility', subject: decodeURIComponent(config[1]), level: body.compatibility.toUpperCase() as CompatibilityLevel };
  }
  return undefined;
}
