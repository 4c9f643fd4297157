import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyPolicy, DiffInputError, diffMesh, PlanFile, readPlanFile, renderMarkdown } from '../../lib/diff';
import { compareShop, section } from './helpers';
import { cleanShops } from './shop';

const FIXTURES = path.join(__dirname, 'fixtures', 'plans');
const rel = (name: string) => path.relative(process.cwd(), path.join(FIXTURES, name));

afterAll(() => cleanShops());

function planOnly(...plans: PlanFile[]) {
  const diff = diffMesh({ plans });
  const verdict = applyPolicy(diff, 'risk', []);
  return { diff, markdown: renderMarkdown(diff), verdict };
}

describe('kafka-mesh diff --plan', () => {
  it('renders every planned action and the drift of a plan in the mesh’s terms', () => {
    const { markdown } = planOnly(readPlanFile(`sales=${rel('hand-written.json')}`));
    expect(section(markdown, '#### Planned actions')).toBe(
      [
        `#### Planned actions (\`${rel('hand-written.json')}\`, version 1.11.6)`,
        '',
        '- Data product `billing.invoices`:',
        '  - Topic `billing.invoices`: **delete and create again (the provider cannot change it in place)**; replication factor 3 -> 2; every record in it is lost (forced by replication_factor).',
        '- Data product `sales.order-placed`:',
        '  - Topic `sales.order-placed`: **move in the state only**; moves from kafka_topic.unprotected["sales.order-placed"].',
        '- Data product `sales.orders`:',
        '  - ACL `User:analytics Read Topic:sales.orders`: **create**; User:analytics can now read topic sales.orders.',
        '  - ACL `User:marketing Describe Topic:sales.orders`: **delete (no longer declared)**; User:marketing can no longer see topic sales.orders.',
        '  - ACL `User:marketing Read Topic:sales.orders`: **delete (no longer declared)**; User:marketing can no longer read topic sales.orders.',
        '  - Topic `sales.orders`: **update in place**; retention.ms: 604800000 (7 days) -> 86400000 (1 day); this undoes what was changed outside Terraform.',
        '- Data product `sales.refunds`:',
        '  - Topic `sales.refunds`: **create**; 3 partitions, 3 replicas, min.insync.replicas=2.',
        '- Data product `sales.returns`:',
        '  - Topic `sales.returns`: **delete (no longer declared)**; moves from kafka_topic.protected["sales.returns"]; every record in it is lost.',
        '- `kafka_connector.sink["warehouse"]`: **update in place**.',
        '- Quota `analytics`: **update in place**; consumer_byte_rate: 10485760 -> 1000.',
        '- Credential `analytics SCRAM-SHA-512`: **delete (no longer declared)**.',
        '- Credential `legacy SCRAM-SHA-256`: **forget (removed from the state, left in Kafka)**.',
        '',
        'Changed outside Terraform (found when the plan refreshed the state):',
        '',
        '- ACL `User:analytics Read Topic:sales.orders`: **deleted outside Terraform: the plan creates it again**; until the apply, User:analytics cannot read topic sales.orders.',
        '- Topic `sales.orders`: **changed outside Terraform since the last apply**; retention.ms: 86400000 (1 day) -> 604800000 (7 days).',
      ].join('\n'),
    );
  });

  it('raises flags from planned replacements, deletions and in-place updates', () => {
    const { diff, verdict } = planOnly(readPlanFile(`sales=${rel('hand-written.json')}`));
    expect(diff.flags.map((f) => [f.id, f.category, f.sources])).toEqual([
      ['replication-change:billing.invoices', 'data-loss', ['plan']],
      ['retention-cut:sales.orders', 'data-loss', ['plan']],
      ['topic-removed:sales.returns', 'data-loss', ['plan']],
      ['access-lost:User:analytics@SCRAM-SHA-512', 'risk', ['plan']],
      ['access-lost:User:marketing@Topic:sales.orders', 'risk', ['plan']],
    ]);
    expect(diff.flags[0].message).toBe(
      'billing.invoices goes from 3 to 2 replicas, and this plan deletes the topic and creates it again to do it (the brokers cannot reassign replicas): every record in it is lost.',
    );
    expect(verdict.exitCode).toBe(1);
  });

  it('reads a real OpenTofu plan of the example change set and finds the stack from its keys', () => {
    const { diff, markdown } = planOnly(readPlanFile(rel('sales-example.json')));
    expect(diff.stacks.map((s) => s.stack)).toEqual(['sales']);
    expect(diff.flags.map((f) => f.id)).toEqual([
      'partition-decrease:sales.orders',
      'access-lost:User:marketing@Topic:sales.orders',
      'compatibility-relaxed:sales.order-placed-value',
      'schema-incompatible:sales.orders-value',
    ]);
    const planned = section(markdown, '#### Planned actions');
    expect(planned).toContain(
      '  - Topic `sales.orders`: **delete and create again (the provider cannot change it in place)**; moves from kafka_topic.protected["sales.orders"]; partitions 6 -> 3; every record in it is lost (forced by partitions).',
    );
    expect(planned).toContain(
      '  - Schema `sales.orders-value`: **update in place**; moves from schemaregistry_schema.protected["sales.orders-value"]; incompatible under BACKWARD.',
    );
    expect(planned).toContain('  - Schema `sales.order-placed-value`: **update in place**; compatibility FULL -> BACKWARD.');
  });

  it('merges a finding of the synth diff and of the plan into one flag, with both sources', () => {
    const plan: PlanFile = {
      file: 'sales.json',
      json: {
        format_version: '1.2',
        resource_changes: [
          {
            address: 'kafka_topic.protected["sales.orders"]',
            mode: 'managed',
            type: 'kafka_topic',
            name: 'protected',
            index: 'sales.orders',
            change: {
              actions: ['delete', 'create'],
              before: { name: 'sales.orders', partitions: 6, replication_factor: 3, config: { 'retention.ms': '86400000' } },
              after: { name: 'sales.orders', partitions: 3, replication_factor: 3, config: { 'retention.ms': '86400000' } },
              replace_paths: [['partitions']],
            },
          },
        ],
      },
    };
    const { diff, markdown } = compareShop({ partitions: 3 }, { plans: [plan] });
    expect(diff.flags.map((f) => [f.id, f.sources])).toEqual([['partition-decrease:sales.orders', ['synth', 'plan']]]);
    expect(diff.stacks.find((s) => s.stack === 'sales')?.plans.map((p) => p.file)).toEqual(['sales.json']);
    expect(markdown).toContain('  - Seen in the synthesized code and the plan.');
    expect(markdown).toContain('  - Affects: User:analytics and domain marketing (User:marketing).');
  });

  it('flags a replacement for another reason than partitions or replicas, and a deleted subject whose topic stays', () => {
    const change = (address: string, type: string, index: string, actions: string[], before: unknown, after: unknown, replacePaths?: string[][]) => ({
      address,
      mode: 'managed',
      type,
      name: 'protected',
      index,
      change: { actions, before, after, ...(replacePaths ? { replace_paths: replacePaths } : {}) },
    });
    const topic = (name: string) => ({ name, partitions: 3, replication_factor: 3, config: {} });
    const { diff, markdown } = planOnly({
      file: 'plan.json',
      stack: 'sales',
      json: {
        format_version: '1.2',
        resource_changes: [
          change(
            'kafka_topic.protected["sales.carts"]',
            'kafka_topic',
            'sales.carts',
            ['create', 'delete'],
            topic('sales.carts'),
            topic('sales.carts'),
            [['name']],
          ),
          change(
            'schemaregistry_schema.protected["sales.carts-value"]',
            'schemaregistry_schema',
            'sales.carts-value',
            ['delete'],
            { subject: 'sales.carts-value', schema: '{"type":"string"}', schema_type: 'AVRO', compatibility_level: 'BACKWARD' },
            null,
          ),
        ],
      },
    });
    expect(diff.flags.map((f) => [f.id, f.category])).toEqual([
      ['topic-replaced:sales.carts', 'data-loss'],
      ['schema-removed:sales.carts-value', 'risk'],
    ]);
    expect(diff.flags[0].message).toBe('The plan deletes sales.carts and creates it again (forced by name): every record in it is lost.');
    expect(markdown).toContain('  - Topic `sales.carts`: **delete and create again**; every record in it is lost (forced by name).');
    expect(markdown).toContain('  - Schema `sales.carts-value`: **delete**.');
  });

  describe('refuses what is not a JSON plan, saying how to make one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-mesh-plan-test-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, content: string | Buffer) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    };
    const errorOf = (spec: string): DiffInputError => {
      try {
        readPlanFile(spec);
      } catch (e) {
        if (e instanceof DiffInputError) return e;
        throw e;
      }
      throw new Error('expected a DiffInputError');
    };

    it('a missing file', () => {
      const e = errorOf(path.join(dir, 'nope.json'));
      expect(e.message).toBe(`the plan file ${path.join(dir, 'nope.json')} does not exist`);
      expect(e.fix).toContain('tofu show -json plan.tfplan > plan.json');
    });

    it('a binary plan', () => {
      const file = write('plan.tfplan', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00]));
      const e = errorOf(file);
      expect(e.message).toBe(`the plan file ${file} is a binary plan (what \`plan -out\` writes); the diff reads its JSON form`);
      expect(e.fix).toBe(`convert it: \`tofu show -json ${file} > ${file}.json\` (or terraform show -json), and pass the .json file`);
    });

    it('text that is not JSON', () => {
      const file = write('plan.txt', 'Plan: 1 to add, 0 to change, 0 to destroy.');
      expect(errorOf(file).message).toMatch(new RegExp(`^the plan file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON \\(`));
    });

    it('a state instead of a plan', () => {
      const file = write('state.json', JSON.stringify({ format_version: '1.0', values: { root_module: {} } }));
      const e = errorOf(file);
      expect(e.message).toBe(`the plan file ${file} is a state, not a plan (it has values but no resource_changes)`);
      expect(e.fix).toMatch(/^run show -json on a saved plan, not on the state/);
    });
  });
});
