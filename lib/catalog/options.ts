/** What the catalog knows beyond the mesh model: where the cluster is, for the documents that say so. */
export interface CatalogOptions {
  /**
   * How clients reach the cluster. With it, data contracts get a Kafka `servers` entry and the
   * AsyncAPI documents a server; without it they name only topics. Never holds secrets.
   * @default none
   */
  readonly connection?: CatalogConnection;
  /** Environment name for the contracts' server entry (`prod`, `dev`). @default none */
  readonly environment?: string;
  /**
   * Where the project's files are, for the product pages' links to the file that declares each
   * product: a URL of the repository browser (`https://github.com/acme/mesh/blob/main`, links
   * get `#L<line>`) or a path relative to the catalog folder.
   * @default writeCatalog: when the catalog folder is inside the working directory (the project
   * root when synth runs), the path from the catalog folder to it; otherwise, and in
   * catalogFiles, no links: the file is named
   */
  readonly sourceBase?: string;
}

export interface CatalogConnection {
  /** `host:port` of each broker. */
  readonly bootstrapServers: readonly string[];
  /** Whether clients use TLS. @default true */
  readonly tls?: boolean;
  /** SASL mechanism clients authenticate with, e.g. `scram-sha512`. @default none */
  readonly saslMechanism?: string;
  /** The schema registry's URL. @default none */
  readonly schemaRegistryUrl?: string;
}

/** The connection of a KafkaMesh-like object (`mesh.cluster`, `mesh.schemaRegistry`). */
export function connectionOf(mesh: {
  readonly cluster: { readonly bootstrapServers: string[]; readonly tls?: boolean; readonly sasl?: { readonly mechanism: string } };
  readonly schemaRegistry?: { readonly url: string };
}): CatalogConnection {
  return {
    bootstrapServers: [...mesh.cluster.bootstrapServers],
    tls: mesh.cluster.tls ?? true,
    ...(mesh.cluster.sasl ? { saslMechanism: mesh.cluster.sasl.mechanism } : {}),
    ...(mesh.schemaRegistry ? { schemaRegistryUrl: mesh.schemaRegistry.url } : {}),
  };
}

/**
 * The connection a synthesized stack's providers use (`provider.kafka`, `provider.restapi` or `provider.schemaregistry`
 * in its Terraform JSON), for writing the catalog from a synth output alone. Undefined when the
 * stack configures no Kafka provider with bootstrap servers.
 */
export function connectionFromStackJson(stack: unknown): CatalogConnection | undefined {
  const provider = (stack as { provider?: Record<string, unknown> } | null)?.provider ?? {};
  const first = (v: unknown): Record<string, unknown> | undefined => {
    const x = Array.isArray(v) ? v[0] : v;
    return typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : undefined;
  };
  const kafka = first(provider.kafka);
  const servers = kafka?.bootstrap_servers;
  if (!Array.isArray(servers) || servers.length === 0 || !servers.every((s) => typeof s === 'string' && !s.includes('${'))) return undefined;
  const registry = first(provider.restapi)?.uri ?? first(provider.schemaregistry)?.schema_registry_url;
  return {
    bootstrapServers: servers as string[],
    tls: kafka?.tls_enabled !== false,
    ...(typeof kafka?.sasl_mechanism === 'string' ? { saslMechanism: kafka.sasl_mechanism } : {}),
    ...(typeof registry === 'string' && !registry.includes('${') ? { schemaRegistryUrl: registry } : {}),
  };
}
