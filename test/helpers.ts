import { App, Testing, TerraformStack } from 'cdktf';
import { KafkaMesh, KafkaMeshProps } from '../lib';
import { blockEntries, forEachEntries } from '../lib/model/for-each';

/** A mesh on a test app, with a local cluster and registry, and no mesh lock unless `props` sets one. */
export function testMesh(props: Partial<KafkaMeshProps> = {}): { app: App; mesh: KafkaMesh } {
  const app = Testing.app();
  const mesh = new KafkaMesh(app, 'mesh', {
    cluster: { bootstrapServers: ['localhost:9092'], tls: false },
    schemaRegistry: { url: 'http://localhost:8081' },
    lock: false,
    ...props,
  });
  return { app, mesh };
}

/** The stack's synthesized Terraform JSON, parsed. */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}

/** The `for_each` entries of a resource block (the local value it names), e.g. `forEach(json, 'kafka_topic', 'protected')`. */
export function forEach(json: any, type: string, name: string): Record<string, any> {
  return blockEntries(json, type, name);
}

/** Every Terraform address the stack declares, with instance keys (`kafka_topic.protected["sales.orders"]`). */
export function addresses(json: any): string[] {
  const out: string[] = [];
  for (const [type, blocks] of Object.entries<any>(json.resource ?? {})) {
    for (const [name, block] of Object.entries<any>(blocks)) {
      const entries = forEachEntries(json, block);
      if (entries) {
        for (const key of Object.keys(entries)) out.push(`${type}.${name}[${JSON.stringify(key)}]`);
      } else out.push(`${type}.${name}`);
    }
  }
  return out.sort();
}

/** The message of the error `fn` throws (fails the test if it does not throw). */
export function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/** What the broker implies is not written: Describe beside Read, Write or All on the same resource, IdempotentWrite beside a topic Write. */
export function written(keys: string[]): string[] {
  const has = (op: string, resource: string) => keys.some((k) => k.endsWith(` ${op} ${resource}`));
  return keys.filter((k) => {
    const [, op, resource] = k.split(' ');
    if (op === 'Describe') return !['Read', 'Write', 'All'].some((o) => has(o, resource));
    if (op === 'IdempotentWrite') return !keys.some((x) => / Write Topic:/.test(x));
    return true;
  });
}
