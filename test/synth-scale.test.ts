import * as fs from 'fs';
import { Testing, TerraformStack } from 'cdktf';
import { Domain, DomainDataProduct, Principal } from '../lib';
import { callerLocation } from '../lib/private/source-location';
import { errorOf, forEach, synthJson, testMesh } from './helpers';

/*
 * The shortcuts that keep synth linear at mesh scale: the for_each maps and moved blocks spliced
 * into the stack's JSON, the mesh-wide index of principals' own ACLs, the indexed namespace check.
 */

const GROUP = 'User:analytics Read Group:analytics.*';

function domainStack(app: ReturnType<typeof testMesh>['app'], name: string): { stack: TerraformStack; domain: Domain } {
  const stack = new TerraformStack(app, name);
  return { stack, domain: new Domain(stack, name, { owner: `${name}-team@example.com`, principal: `User:${name}` }) };
}

describe('the for_each maps spliced into the stack JSON', () => {
  it('are the same maps when the stack is rendered as HCL (the values themselves, no marker)', () => {
    const { app } = testMesh();
    const { stack, domain } = domainStack(app, 'sales');
    new DomainDataProduct(domain, 'orders', { description: 'Orders', removalPolicy: 'destroy' });
    const hcl = Testing.synthHcl(stack);
    expect(hcl).toContain('"sales.orders"');
    expect(hcl).not.toContain('kafka-mesh:');
    const json = synthJson(stack);
    expect(Object.keys(forEach(json, 'kafka_topic', 'unprotected'))).toEqual(['sales.orders']);
    expect(json.moved).toContainEqual({ from: 'kafka_topic.protected["sales.orders"]', to: 'kafka_topic.unprotected["sales.orders"]' });
    expect(JSON.stringify(json)).not.toContain('kafka-mesh:');
  });

  it('leave a for_each that an escape hatch replaced as the escape hatch wrote it', () => {
    const { app } = testMesh();
    const { stack, domain } = domainStack(app, 'sales');
    new DomainDataProduct(domain, 'orders', { description: 'Orders' });
    const topics = stack.node.findAll().find((c) => c.node.id === 'topic-protected') as unknown as {
      addOverride(path: string, value: unknown): void;
    };
    topics.addOverride('for_each', { 'sales.other': { partitions: 1, replication_factor: 1, config: {} } });
    expect(Object.keys(forEach(synthJson(stack), 'kafka_topic', 'protected'))).toEqual(['sales.other']);
  });
});

describe("the index of principals' own ACLs", () => {
  it('follows a grant added after the stacks were synthesized once', () => {
    const { app } = testMesh({ principals: [{ principal: 'User:analytics', description: 'The analytics loader' }] });
    const sales = domainStack(app, 'sales');
    new DomainDataProduct(sales.domain, 'orders', { description: 'Orders' }).grantRead(Principal.fromName('User:analytics'));
    expect(Object.keys(forEach(synthJson(sales.stack), 'kafka_acl', 'allow'))).toContain(GROUP);
    // A stack first by name now grants to the principal too: it writes the group ACL instead.
    const finance = domainStack(app, 'finance');
    new DomainDataProduct(finance.domain, 'ledger', { description: 'Ledger' }).grantRead(Principal.fromName('User:analytics'));
    expect(Object.keys(forEach(synthJson(sales.stack), 'kafka_acl', 'allow'))).not.toContain(GROUP);
    expect(Object.keys(forEach(synthJson(finance.stack), 'kafka_acl', 'allow'))).toContain(GROUP);
  });
});

describe('the namespace check over many domains', () => {
  it("still refuses a consumer-group prefix covering a domain declared after the grant, naming that domain's namespace", () => {
    const { app } = testMesh();
    const sales = domainStack(app, 'sales');
    for (let i = 0; i < 50; i++) domainStack(app, `d${i}`);
    new DomainDataProduct(sales.domain, 'orders', { description: 'Orders' }).grantRead(Principal.fromName('User:d1'), { consumerGroup: 'inv.x' });
    domainStack(app, 'inv');
    expect(errorOf(() => app.synth())).toContain('is in the inv domain\'s namespace "inv."');
  });
});

describe('where a construct is declared', () => {
  const expectedLine = (marker: string) =>
    fs
      .readFileSync(__filename, 'utf8')
      .split('\n')
      .findIndex((l) => l.includes(marker) && !l.includes('expectedLine')) + 1;

  it('is the calling file and line, with the stack formatter the runtime installed and without one', () => {
    expect(Error.prepareStackTrace).toBeDefined(); // jest's, which maps frames through source maps
    const formatted = callerLocation(); // marker: formatted
    expect(formatted).toEqual({ file: 'test/synth-scale.test.ts', line: expectedLine('marker: formatted') });
    const format = Error.prepareStackTrace;
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    try {
      const plain = callerLocation(); // marker: plain
      expect(plain?.file).toBe('test/synth-scale.test.ts');
      expect(plain?.line).toBeGreaterThan(0);
    } finally {
      Error.prepareStackTrace = format;
    }
  });
});
