/**
 * The schema libraries (avsc, ajv, ajv-formats, protobufjs) load on first use, through
 * lib/private/schema-libraries.ts: loading the library, or synthesizing a mesh of plain Avro
 * records, loads none of them (issue 13: heavy modules only when used).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const LIB = path.join(__dirname, '..', 'lib');
const LIBRARIES = ['avsc', 'ajv', 'ajv-formats', 'protobufjs'];

/** The schema libraries loaded by a process that runs `script` (with `lib` the library's entry point). */
function loadedBy(script: string): string[] {
  const probe = `
    const lib = require(${JSON.stringify(LIB)});
    ${script}
    const loaded = new Set(Object.keys(require.cache).map((f) => (f.split('/node_modules/')[1] || '').split('/')[0]));
    process.stdout.write(JSON.stringify(${JSON.stringify(LIBRARIES)}.filter((m) => loaded.has(m))));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', probe], { encoding: 'utf8' }));
}

describe('schema libraries', () => {
  it('are imported for their types only, outside lib/private/schema-libraries.ts', () => {
    const offenders: string[] = [];
    for (const entry of fs.readdirSync(LIB, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const file = path.join(entry.parentPath, entry.name);
      if (file === path.join(LIB, 'private', 'schema-libraries.ts')) continue;
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        const m =
          /^import (?!type )(?:[^;]*from )?'(avsc|ajv|ajv-formats|protobufjs)(\/[^']*)?'|require\('(avsc|ajv|ajv-formats|protobufjs)(\/[^']*)?'\)/.exec(
            line,
          );
        if (m) offenders.push(`${path.relative(LIB, file)}: ${line.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('are not loaded with the library, nor by a synth of plain Avro records', () => {
    expect(loadedBy('')).toEqual([]);
    const synth = `
      const { App, TerraformStack } = require('cdktf');
      const os = require('os'), fs = require('fs'), path = require('path');
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-lazy-'));
      try {
        const app = new App({ outdir });
        new lib.KafkaMesh(app, 'mesh', { cluster: { bootstrapServers: ['localhost:9092'] }, schemaRegistry: { url: 'http://localhost:8081' }, catalog: 'json', lock: false });
        const domain = new lib.Domain(new TerraformStack(app, 'sales'), 'sales', { owner: 'sales@example.com', principal: 'User:sales' });
        new lib.DomainDataProduct(domain, 'orders', {
          description: 'Orders',
          valueSchema: lib.Schema.avro({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] }),
        });
        app.synth();
        if (!fs.existsSync(path.join(outdir, 'stacks', 'sales', 'cdk.tf.json'))) throw new Error('no stack written');
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    `;
    expect(loadedBy(synth)).toEqual([]);
  });

  it('each loads when a schema needs it', () => {
    const parse = (format: string, text: string) => `
      const r = lib.parseSchema(${JSON.stringify(format)}, ${JSON.stringify(text)});
      if (!r.ok) throw new Error(JSON.stringify(r));
    `;
    expect(loadedBy(parse('JSON', '{"type":"object","properties":{"id":{"type":"string"}}}'))).toEqual(['ajv', 'ajv-formats']);
    expect(loadedBy(parse('PROTOBUF', 'syntax = "proto3"; message Order { string id = 1; }'))).toEqual(['protobufjs']);
    expect(loadedBy(parse('AVRO', '{"type":"enum","name":"Colour","symbols":["RED"]}'))).toEqual(['avsc']);
  });
});
