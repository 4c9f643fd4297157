/** How Terraform reaches the cluster and the schema registry: plain data, read by the Terraform writer and the catalog. */

/** Where a secret comes from. Secrets never appear in the synthesized configuration. */
export type SecretSource =
  /** Read by the provider from its own environment variable at plan and apply time. */
  | { readonly fromEnv: true }
  /** A sensitive Terraform variable, set with `TF_VAR_<name>` or a `.tfvars` file. */
  | { readonly variable: string };

export const SASL_MECHANISMS = ['plain', 'scram-sha256', 'scram-sha512'] as const;

export interface KafkaClusterProps {
  /** Broker addresses, `host:port`. */
  readonly bootstrapServers: string[];
  /** TLS to the brokers. @default true */
  readonly tls?: boolean;
  /** Skip verifying the brokers' TLS certificates (never in production). @default false */
  readonly skipTlsVerify?: boolean;
  /** SASL authentication of the Terraform provider. @default none */
  readonly sasl?: {
    readonly mechanism: (typeof SASL_MECHANISMS)[number];
    readonly username: string;
    /**
     * The password. `{ fromEnv: true }` lets the provider read `KAFKA_SASL_PASSWORD`;
     * `{ variable: 'kafka_sasl_password' }` declares a sensitive variable.
     * @default { fromEnv: true }
     */
    readonly password?: SecretSource;
  };
  /**
   * Kafka protocol version the provider speaks. Set it to the brokers' version: below 3.0 the mesh
   * also writes IdempotentWrite on the cluster, which Write on a topic implies from Kafka 3.0 on.
   * @default '2.7.0' (the provider's default; the mesh then assumes brokers of Kafka 3.0 or later)
   */
  readonly kafkaVersion?: string;
  /** Seconds the provider waits for operations. @default the provider's default (120) */
  readonly timeoutSeconds?: number;
}

/** The Terraform provider that registers schema subjects. */
export type SchemaRegistryBackend = 'restapi' | 'cultureamp';

export interface SchemaRegistryProps {
  /** The registry's URL, e.g. `https://registry.example.com`. */
  readonly url: string;
  /** Basic-auth user name. @default none */
  readonly username?: string;
  /**
   * Basic-auth password. `{ fromEnv: true }` lets the provider read it from the environment:
   * `REST_API_PASSWORD` with the default `restapi` backend, `SCHEMA_REGISTRY_PASSWORD` with
   * `cultureamp`. @default { fromEnv: true } when a username is set
   */
  readonly password?: SecretSource;
  /**
   * The provider that registers subjects. `'restapi'` (Mastercard/restapi 1.20.0) speaks the
   * Confluent REST API and registers Avro, JSON Schema and Protobuf, with references:
   * `restapi_object.subject["<subject>"]` (protected), `restapi_object.subject_unprotected[...]`
   * and the subject's compatibility level in `restapi_object.subject_compatibility[...]`.
   * `'cultureamp'` (cultureamp/schemaregistry 1.6.0) registers Avro and JSON Schema only, as
   * `schemaregistry_schema.protected["<subject>"]`; its provider cannot be built from the Go
   * module proxy, so it is opt-in.
   * @default 'restapi'
   */
  readonly provider?: SchemaRegistryBackend;
  /**
   * Moves a mesh that was deployed with the cultureamp backend to `restapi` without touching the
   * registry: every `schemaregistry_schema` instance is removed from the state only (a `removed`
   * block with `destroy = false`), and the restapi objects register the same schemas again,
   * which the registry answers with the existing versions (registration is idempotent). Keep it
   * for one deploy of every stack, then drop it. Needs the cultureamp provider for that deploy.
   * @default none
   */
  readonly migrateFrom?: 'cultureamp';
}
