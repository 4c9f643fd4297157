import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { Connector, Domain, DomainDataProduct, KafkaMesh, ServiceAccount } from '../../lib';
import { adminClient, adminKafka, clusterEnv, consume, localDir, repo, runTofu, sh } from './cluster';
import { toolchainCache } from '../../tools/deploy/deploy';

/**
 * A Connector deployed end to end through the mongey/kafka-connect provider: the local cluster's
 * Kafka Connect worker (tools/local/up.sh --connect, Kafka 3.9 connect-runtime and connect-file
 * from Maven Central) runs a FileStreamSource into the product files.lines. The connector's
 * producer logs in as its own principal, User:files-connect, through
 * `producer.override.sasl.jaas.config` from a sensitive variable, so the ACLs Connector derives
 * are what lets it write; the same principal cannot write a topic that is not an output.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-connect-e2e-'));
const input = path.join(work, 'lines.txt');
const outdir = path.join(work, 'cdktf.out');
const USER = 'files-connect';
const password = crypto.randomBytes(18).toString('base64url');
const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${USER}" password="${password}";`;
const cache = toolchainCache();
const STACKS = { platform: 'connect-e2e-platform', files: 'connect-e2e-files' };
const CONNECTOR = 'files.lines-source';
let connectUrl = '';

/** The mesh under test: a ServiceAccount for the connector, the files domain, its product and the connector. */
function synth(): void {
  const c = clusterEnv();
  const app = new App({ outdir });
  new KafkaMesh(app, 'mesh', {
    cluster: {
      bootstrapServers: c.KAFKA_BOOTSTRAP_SERVERS.split(','),
      tls: false,
      sasl: { mechanism: 'plain', username: c.KAFKA_SASL_USERNAME, password: { fromEnv: true } },
    },
    topicDefaults: { partitions: 1, replicationFactor: 1, minInsyncReplicas: 1 },
    backend: (stack) => new LocalBackend(stack, { path: path.join(work, `${stack.node.id}.tfstate`) }),
    // A throwaway mesh of this test: no lock (the repository's own belongs to the example mesh).
    lock: false,
  });
  const worker = new ServiceAccount(new TerraformStack(app, STACKS.platform), USER, {
    description: 'The file connector of the e2e test',
    scram: { mechanisms: ['SCRAM-SHA-512'] },
  });
  const files = new Domain(new TerraformStack(app, STACKS.files), 'files', { owner: 'e2e', principal: 'User:files' });
  const lines = new DomainDataProduct(files, 'lines', { description: 'The lines of a file', removalPolicy: 'destroy' });
  new DomainDataProduct(files, 'other', { description: 'A product the connector does not write', removalPolicy: 'destroy' });
  new Connector(files, 'lines-source', {
    type: 'source',
    connect: { url: connectUrl },
    connectorClass: 'org.apache.kafka.connect.file.FileStreamSourceConnector',
    config: {
      file: input,
      topic: 'files.lines',
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'producer.override.security.protocol': 'SASL_PLAINTEXT',
      'producer.override.sasl.mechanism': 'SCRAM-SHA-512',
    },
    sensitiveConfig: { 'producer.override.sasl.jaas.config': { variable: 'files_connect_jaas' } },
    principal: worker,
    outputs: [lines],
    external: `file:${input}`,
  });
  app.synth();
}

/** Runs tofu in a synthesized stack, offline (the toolchain's provider mirror), again after a transient error. */
function tofu(stack: string, ...args: string[]): void {
  const r = runTofu([`-chdir=${path.join(outdir, 'stacks', stack)}`, ...args, '-input=false', '-no-color'], {
    TF_CLI_CONFIG_FILE: path.join(cache, 'tofurc'),
    TF_IN_AUTOMATION: '1',
    TF_VAR_scram_password_files_connect: password,
    TF_VAR_files_connect_jaas: jaas,
  });
  if (r.status !== 0) throw new Error(`tofu ${args[0]} ${stack} failed (exit ${r.status}):\n${r.output.slice(-6000)}`);
}

async function rest(pathname: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(`${connectUrl}${pathname}`, { ...init, headers: { 'Content-Type': 'application/json', ...(init?.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Polls a connector's status until `done` says so (or 90 s pass); returns the last status. */
async function statusUntil(name: string, done: (s: any) => boolean): Promise<any> {
  let last: any;
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 1000))) {
    last = (await rest(`/connectors/${encodeURIComponent(name)}/status`)).body;
    if (done(last)) return last;
  }
  return last;
}

const admin = () => adminKafka('e2e-connect-admin');

beforeAll(() => {
  const up = sh('bash', [path.join(repo, 'tools', 'local', 'up.sh'), '--connect'], { MESH_LOCAL_DIR: localDir });
  if (up.status !== 0) throw new Error(`tools/local/up.sh --connect failed (exit ${up.status}):\n${up.output.slice(-4000)}`);
  connectUrl = clusterEnv().KAFKA_CONNECT_URL;
  if (!connectUrl) throw new Error(`no KAFKA_CONNECT_URL in ${localDir}/cluster.env after up.sh --connect`);
  fs.writeFileSync(input, 'first line\n');
  synth();
  for (const stack of [STACKS.platform, STACKS.files]) {
    tofu(stack, 'init');
    tofu(stack, 'apply', '-auto-approve');
  }
});

afterAll(() => {
  // Leaves nothing behind if a test failed before the destroy test.
  for (const stack of [STACKS.files, STACKS.platform]) {
    if (fs.existsSync(path.join(work, `${stack}.tfstate`))) {
      try {
        tofu(stack, 'destroy', '-auto-approve');
      } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
      }
    }
  }
});

describe('a Connector deployed through the kafka-connect provider', () => {
  it('runs on the Connect worker with the synthesized config and the sensitive value from its variable', async () => {
    const status = await statusUntil(CONNECTOR, (s) => s?.connector?.state === 'RUNNING' && s?.tasks?.[0]?.state === 'RUNNING');
    expect({ connector: status?.connector?.state, task: status?.tasks?.[0]?.state }).toEqual({ connector: 'RUNNING', task: 'RUNNING' });
    const config = (await rest(`/connectors/${CONNECTOR}/config`)).body;
    expect(config).toMatchObject({
      'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
      file: input,
      topic: 'files.lines',
      'tasks.max': '1',
    });
    expect(config['producer.override.sasl.jaas.config']).toContain(`username="${USER}"`);
    const synthesized = fs.readFileSync(path.join(outdir, 'stacks', STACKS.files, 'cdk.tf.json'), 'utf8');
    expect(synthesized).not.toContain(password);
  });

  it('moves the file’s lines into the product, as the connector’s own principal', async () => {
    fs.appendFileSync(input, 'second line\n');
    const r = await consume(admin(), 'files.lines', 'e2e-connect-check', 2, 60_000);
    expect(r.error).toBeUndefined();
    expect(r.values).toEqual(['first line', 'second line']);
  });

  it('gives that principal no access to a topic that is not an output', async () => {
    // A connector made by hand on the same worker, with the same login, pointed at files.other.
    const other = path.join(work, 'other.txt');
    fs.writeFileSync(other, 'x\n');
    const created = await rest('/connectors/e2e-not-an-output/config', {
      method: 'PUT',
      body: JSON.stringify({
        'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector',
        file: other,
        topic: 'files.other',
        'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
        'producer.override.security.protocol': 'SASL_PLAINTEXT',
        'producer.override.sasl.mechanism': 'SCRAM-SHA-512',
        'producer.override.sasl.jaas.config': jaas,
      }),
    });
    expect(created.status).toBeLessThan(300);
    try {
      const status = await statusUntil('e2e-not-an-output', (s) => s?.tasks?.[0]?.state === 'FAILED');
      expect(status?.tasks?.[0]?.state).toBe('FAILED');
      expect(status?.tasks?.[0]?.trace).toMatch(/TopicAuthorizationException|Not authorized to access topics/);
    } finally {
      await rest('/connectors/e2e-not-an-output', { method: 'DELETE' });
    }
  });

  it('is deleted with its stack', async () => {
    tofu(STACKS.files, 'destroy', '-auto-approve');
    expect((await rest('/connectors')).body).not.toContain(CONNECTOR);
    const a = adminClient();
    await a.connect();
    try {
      expect(await a.listTopics()).not.toContain('files.lines');
    } finally {
      await a.disconnect();
    }
  });
});
