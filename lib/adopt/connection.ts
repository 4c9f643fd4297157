import * as fs from 'fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { lookupTable } from '../model/records';

/**
 * A user error of `kafka-mesh import` / `doctor`: what is wrong, the setting it comes from, its
 * value and the fix. The command prints it and writes nothing.
 */
export class AdoptError extends Error {
  constructor(
    message: string,
    public readonly setting: string,
    public readonly fix: string,
  ) {
    super(message);
    this.name = 'AdoptError';
  }
}

/** Where the cluster and the registry are, read from the same variables the mesh's providers read. */
export interface ConnectionSettings {
  readonly bootstrapServers: string[];
  readonly tls: boolean;
  readonly skipTlsVerify: boolean;
  readonly caCertFile?: string;
  readonly sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  readonly registry?: { url: string; username?: string; password?: string };
}

const MECHANISMS: Readonly<Record<string, 'plain' | 'scram-sha-256' | 'scram-sha-512'>> = lookupTable({
  plain: 'plain',
  'scram-sha256': 'scram-sha-256',
  'scram-sha-256': 'scram-sha-256',
  'scram-sha512': 'scram-sha-512',
  'scram-sha-512': 'scram-sha-512',
});

/**
 * Reads the connection from the environment, as the providers do: `KAFKA_BOOTSTRAP_SERVERS`,
 * `KAFKA_ENABLE_TLS` (default true), `KAFKA_SKIP_VERIFY`, `KAFKA_CA_CERT`,
 * `KAFKA_SASL_MECHANISM` (plain, scram-sha256, scram-sha512), `KAFKA_SASL_USERNAME`,
 * `KAFKA_SASL_PASSWORD`; `SCHEMA_REGISTRY_URL` with `SCHEMA_REGISTRY_USERNAME` (or
 * `REST_API_USERNAME`) and `REST_API_PASSWORD` (or `SCHEMA_REGISTRY_PASSWORD`).
 */
export function connectionFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { bootstrapServers?: string; registryUrl?: string } = {},
): ConnectionSettings {
  const servers = (overrides.bootstrapServers ?? env.KAFKA_BOOTSTRAP_SERVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (servers.length === 0)
    throw new AdoptError(
      'no Kafka cluster to read: KAFKA_BOOTSTRAP_SERVERS is not set',
      'KAFKA_BOOTSTRAP_SERVERS',
      'export KAFKA_BOOTSTRAP_SERVERS=broker-1:9092,broker-2:9092',
    );
  for (const s of servers) {
    if (!/^[^\s:/]+:\d{1,5}$/.test(s))
      throw new AdoptError(
        `KAFKA_BOOTSTRAP_SERVERS has ${JSON.stringify(s)}, which is not host:port`,
        'KAFKA_BOOTSTRAP_SERVERS',
        'list the brokers as host:port, separated by commas',
      );
  }
  const bool = (name: string, def: boolean) => {
    const v = env[name];
    if (v === undefined || v === '') return def;
    if (v === 'true' || v === 'false') return v === 'true';
    throw new AdoptError(`${name} must be true or false (got ${JSON.stringify(v)})`, name, `set ${name}=true or ${name}=false`);
  };
  let sasl: ConnectionSettings['sasl'];
  const username = env.KAFKA_SASL_USERNAME;
  if (username) {
    const raw = (env.KAFKA_SASL_MECHANISM ?? 'plain').toLowerCase();
    const mechanism = MECHANISMS[raw];
    if (!mechanism)
      throw new AdoptError(
        `KAFKA_SASL_MECHANISM is ${JSON.stringify(env.KAFKA_SASL_MECHANISM)}, which kafka-mesh cannot use`,
        'KAFKA_SASL_MECHANISM',
        'set it to plain, scram-sha256 or scram-sha512',
      );
    if (!env.KAFKA_SASL_PASSWORD)
      throw new AdoptError(
        `KAFKA_SASL_USERNAME is ${JSON.stringify(username)} but KAFKA_SASL_PASSWORD is not set`,
        'KAFKA_SASL_PASSWORD',
        'export KAFKA_SASL_PASSWORD with the password of that user',
      );
    sasl = { mechanism, username, password: env.KAFKA_SASL_PASSWORD };
  }
  const caCertFile = env.KAFKA_CA_CERT || undefined;
  if (caCertFile && !fs.existsSync(caCertFile))
    throw new AdoptError(
      `KAFKA_CA_CERT names ${caCertFile}, which does not exist`,
      'KAFKA_CA_CERT',
      "point it to the PEM file of the brokers' certificate authority",
    );
  const url = overrides.registryUrl ?? env.SCHEMA_REGISTRY_URL;
  let registry: ConnectionSettings['registry'];
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new AdoptError(
        `SCHEMA_REGISTRY_URL is ${JSON.stringify(url)}, which is not a URL`,
        'SCHEMA_REGISTRY_URL',
        "set it to the registry's http(s) URL, e.g. https://registry.example.com",
      );
    }
    if (parsed.username || parsed.password)
      throw new AdoptError(
        'SCHEMA_REGISTRY_URL carries a user name or password',
        'SCHEMA_REGISTRY_URL',
        'take the credentials out of the URL; set SCHEMA_REGISTRY_USERNAME and REST_API_PASSWORD',
      );
    registry = {
      url: url.replace(/\/+$/, ''),
      username: env.SCHEMA_REGISTRY_USERNAME || env.REST_API_USERNAME || undefined,
      password: env.REST_API_PASSWORD || env.SCHEMA_REGISTRY_PASSWORD || undefined,
    };
  }
  return {
    bootstrapServers: servers,
    tls: bool('KAFKA_ENABLE_TLS', true),
    skipTlsVerify: bool('KAFKA_SKIP_VERIFY', false),
    caCertFile,
    sasl,
    registry,
  };
}

/** The kafkajs client configuration for these settings: few retries, short timeouts, no logs. */
export function kafkaConfig(c: ConnectionSettings): KafkaConfig {
  const ssl = c.tls ? { rejectUnauthorized: !c.skipTlsVerify, ...(c.caCertFile ? { ca: [fs.readFileSync(c.caCertFile, 'utf8')] } : {}) } : false;
  return {
    clientId: 'kafka-mesh',
    brokers: c.bootstrapServers,
    ssl,
    ...(c.sasl ? { sasl: c.sasl as SASLOptions } : {}),
    connectionTimeout: 5000,
    authenticationTimeout: 5000,
    requestTimeout: 15000,
    retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1000 },
    logLevel: 0,
  };
}

/** Turns a kafkajs failure into an error naming the setting and the fix. */
export function explainKafkaError(e: unknown, c: ConnectionSettings): AdoptError {
  if (e instanceof AdoptError) return e;
  const err = e as Error & { type?: string; code?: string; cause?: Error; originalError?: Error };
  const chain: string[] = [];
  for (let x: any = err; x && chain.length < 5; x = x.originalError ?? x.cause)
    chain.push(`${x.name ?? ''} ${x.type ?? ''} ${x.code ?? ''} ${x.message ?? ''}`);
  const text = chain.join(' | ');
  const servers = c.bootstrapServers.join(',');
  if (/SASLAuthentication|SASL_AUTHENTICATION_FAILED|Authentication failed/i.test(text)) {
    return new AdoptError(
      `the cluster refused the credentials of ${c.sasl?.username ?? '(none)'} (SASL ${c.sasl?.mechanism ?? 'none'}): ${firstLine(err.message)}`,
      'KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD',
      'check the user name, the password and KAFKA_SASL_MECHANISM (the user must exist for that mechanism)',
    );
  }
  if (
    /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|Connection timeout|KafkaJSConnectionError|NumberOfRetriesExceeded|Closed connection/i.test(text)
  ) {
    const tlsHint = c.tls ? '; KAFKA_ENABLE_TLS is true: set it to false for a plaintext or SASL_PLAINTEXT listener' : '';
    return new AdoptError(
      `cannot reach the Kafka cluster at KAFKA_BOOTSTRAP_SERVERS=${servers}: ${firstLine(err.message)}`,
      'KAFKA_BOOTSTRAP_SERVERS',
      `check that the brokers run and that this machine reaches them${tlsHint}`,
    );
  }
  if (/SECURITY_DISABLED|Security features are disabled/i.test(text)) {
    return new AdoptError(
      `the cluster at ${servers} has no authorizer, so it has no ACLs to read and enforces none`,
      'authorizer.class.name (broker configuration)',
      'enable an authorizer on the brokers (authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer with KRaft) before adopting the cluster into a mesh, whose grants are ACLs',
    );
  }
  if (/CLUSTER_AUTHORIZATION_FAILED|TOPIC_AUTHORIZATION_FAILED|not authorized/i.test(text)) {
    return new AdoptError(
      `${c.sasl?.username ?? 'the client'} may not read the cluster's metadata: ${firstLine(err.message)}`,
      'KAFKA_SASL_USERNAME',
      'use the credentials Terraform uses (a super user, or Describe and DescribeConfigs on the cluster and every topic)',
    );
  }
  return new AdoptError(
    `reading the cluster at ${servers} failed: ${firstLine(err.message ?? String(e))}`,
    'KAFKA_BOOTSTRAP_SERVERS',
    'check the connection settings; set KAFKA_MESH_DEBUG=1 to see where it failed',
  );
}

function firstLine(s: string): string {
  return String(s ?? '').split('\n')[0];
}
