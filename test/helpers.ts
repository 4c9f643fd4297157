import { App, Testing, TerraformStack } from 'cdktf';
import { KafkaMesh, KafkaMeshProps } from '../lib';

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

/** The `for_each` map of a resource block, e.g. `forEach(json, 'kafka_topic', 'protected')`. */
export function forEach(json: any, type: string, name: string): Record<string, any> {
  return json.resource?.[type]?.[name]?.for_each ?? {};
}

/** Every Terraform address the stack declares, with instance keys (`kafka_topic.protected["sales.orders"]`). */
export function addresses(json: any): string[] {
  const out: string[] = [];
  for (const [type, blocks] of Object.entries<any>(json.resource ?? {})) {
    for (const [name, block] of Object.entries<any>(blocks)) {
      if (block.for_each && typeof block.for_each === 'object') {
        for (const key of Object.keys(block.for_each)) out.push(`${type}.${name}[${JSON.stringify(key)}]`);
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
