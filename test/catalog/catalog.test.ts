/**
 * The catalog as a whole: what synth writes, the writer's housekeeping, the YAML writer, the
 * connection read back from a synth output, and `npm run catalog --from`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { App } from 'cdktf';
import { buildExampleMesh } from '../../stacks';
import { buildLineage, catalogFiles, catalogPaths, connectionFromStackJson, writeCatalog } from '../../lib/catalog';
import { jsonLines } from '../../lib/catalog/json';
import { writeParts } from '../../lib/private/background-writes';
import { toYaml, toYamlDocuments } from '../../lib/catalog/yaml';
import { fixtureModel } from './fixture';
import { listFiles, REPO, synthExample } from './helpers';

jest.setTimeout(120_000);

const example = synthExample();
const fixture = fixtureModel();

describe('the catalog', () => {
  it('synth of the example mesh writes every format under catalog/', () => {
    const files = listFiles(example.catalogDir);
    const expected = [
      'catalog.json',
      'catalog.css',
      'index.html',
      'lineage.json',
      'lineage.mmd',
      'lineage.dot',
      'backstage/catalog-info.yaml',
      'datahub/metadata.json',
      ...example.model.products.flatMap((p) => [catalogPaths.contract(p.topic), catalogPaths.productPage(p.topic)]),
      ...example.model.domains.map((d) => catalogPaths.asyncapi(d.name)),
    ].sort();
    expect(files).toEqual(expected);
    // What synth wrote is what the pure functions give for the same model.
    for (const [file, content] of catalogFiles(example.model, example.options))
      expect({ file, content: fs.readFileSync(path.join(example.catalogDir, file), 'utf8') }).toEqual({ file, content });
  });

  it('catalog.json is the mesh model', () => {
    expect(JSON.parse(fs.readFileSync(path.join(example.catalogDir, 'catalog.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(example.model)));
  });

  it('catalog.json and lineage.json hold each domain, product, principal, application, node and edge on a line of its own', () => {
    const lineage = buildLineage(example.model);
    for (const [file, value] of [
      ['catalog.json', example.model],
      ['lineage.json', lineage],
    ] as const) {
      const lines = new Set(
        fs
          .readFileSync(path.join(example.catalogDir, file), 'utf8')
          .split('\n')
          .map((l) => l.trim().replace(/,$/, '')),
      );
      const lists = Object.values(value).filter((v): v is unknown[] => Array.isArray(v));
      expect(lists.length).toBeGreaterThan(1);
      for (const element of lists.flat()) expect({ file, found: lines.has(JSON.stringify(element)) }).toEqual({ file, found: true });
    }
    expect(example.model.products.length).toBeGreaterThan(10);
  });

  it("catalog.json written alone (catalog: 'json', its products made one at a time) is the full catalog's, byte for byte", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-json-only-'));
    const app = new App({ outdir });
    buildExampleMesh(app, { catalog: 'json' });
    app.synth();
    expect(listFiles(path.join(outdir, 'catalog'))).toEqual(['catalog.json']);
    const alone = fs.readFileSync(path.join(outdir, 'catalog', 'catalog.json'), 'utf8');
    expect(alone).toBe(fs.readFileSync(path.join(example.catalogDir, 'catalog.json'), 'utf8'));
    // The example declares what changes the model: a governance policy, waivers, a mesh lock, applications.
    expect(Object.keys(example.model)).toEqual(['modelVersion', 'domains', 'products', 'principals', 'applications', 'governance']);
    expect(example.model.products.some((p) => p.waivers?.length)).toBe(true);
    expect(example.model.products.some((p) => p.valueSchema?.versions)).toBe(true);
  });

  it('jsonLines writes a generator member as the list of what it yields, read once', () => {
    function* numbers(n: number): Generator<{ n: number }> {
      for (let i = 0; i < n; i++) yield { n: i };
    }
    for (const n of [0, 1, 3]) {
      const text = [...jsonLines({ before: 1, list: numbers(n), after: [] })].join('');
      expect(text).toBe([...jsonLines({ before: 1, list: [...numbers(n)], after: [] })].join(''));
      expect(JSON.parse(text)).toEqual({ before: 1, list: [...numbers(n)], after: [] });
    }
  });

  it('jsonLines writes the value JSON.stringify writes', () => {
    const values: object[] = [
      {},
      { empty: [] },
      { left: undefined, out: () => 1, kept: 1 },
      { list: [undefined, () => 1, null, 'a\nb "quoted" \u2028', { nested: [1, { deeper: [] }] }] },
      { object: { list: [1, 2] }, date: new Date(0), text: '\\' },
      fixture,
    ];
    for (const value of values) {
      const text = [...jsonLines(value)].join('');
      expect(text.endsWith('\n')).toBe(true);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    }
  });

  it('a file written in pieces appears whole or not at all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-parts-'));
    const file = path.join(dir, 'catalog.json');
    fs.writeFileSync(file, 'the previous synth');
    function* failing(): Generator<string> {
      yield 'x'.repeat(2 << 20); // more than one write's worth, so part of it reached the disk
      throw new Error('a piece failed');
    }
    expect(() => writeParts(file, failing())).toThrow('a piece failed');
    expect(fs.readFileSync(file, 'utf8')).toBe('the previous synth');
    expect(fs.readdirSync(dir)).toEqual(['catalog.json']);
    writeParts(file, ['{', '}']);
    expect(fs.readFileSync(file, 'utf8')).toBe('{}');
    expect(fs.readdirSync(dir)).toEqual(['catalog.json']);
  });

  it('is the same every time (no timestamps, stable order)', () => {
    const a = catalogFiles(fixture, example.options);
    const b = catalogFiles(fixtureModel(), example.options);
    expect([...a.entries()]).toEqual([...b.entries()]);
  });

  it('a product removed from the mesh leaves no files behind', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-stale-'));
    writeCatalog(fixture, outdir);
    const smaller = { ...fixture, products: fixture.products.filter((p) => p.topic !== 'logistics.scratch_pad'), applications: [] };
    const dir = writeCatalog(smaller, outdir);
    const files = listFiles(dir);
    expect(files.filter((f) => f.includes('scratch_pad'))).toEqual([]);
    expect(files).toContain(catalogPaths.contract('logistics.shipments'));
  });

  it('writes a mesh without products, and one with a domain of no products', () => {
    const empty = { modelVersion: 1 as const, domains: [], products: [], principals: [], applications: [] };
    expect([...catalogFiles(empty).keys()].sort()).toEqual([
      'backstage/catalog-info.yaml',
      'catalog.css',
      'catalog.json',
      'datahub/metadata.json',
      'index.html',
      'lineage.dot',
      'lineage.json',
      'lineage.mmd',
    ]);
    const lonely = { ...empty, domains: [fixture.domains[0]] };
    expect(YAML.parse(catalogFiles(lonely).get(catalogPaths.asyncapi('payments')) as string)).toMatchObject({
      asyncapi: '3.0.0',
      channels: {},
      operations: {},
    });
  });

  it('reads the connection from a synthesized stack’s provider configuration', () => {
    const stack = JSON.parse(fs.readFileSync(path.join(example.outdir, 'stacks', example.model.domains[0].stack, 'cdk.tf.json'), 'utf8'));
    expect(connectionFromStackJson(stack)).toEqual(
      example.options.connection && { ...example.options.connection, bootstrapServers: [...example.options.connection.bootstrapServers] },
    );
    expect(connectionFromStackJson({ provider: { kafka: [{ bootstrap_servers: '${var.servers}' }] } })).toBeUndefined();
    expect(connectionFromStackJson({})).toBeUndefined();
    expect(connectionFromStackJson({ provider: { kafka: [{ bootstrap_servers: ['b:9092'], tls_enabled: false }] } })).toEqual({
      bootstrapServers: ['b:9092'],
      tls: false,
    });
  });

  it('npm run catalog -- --from <synth output> rewrites the catalog with the cluster’s address', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-cli-'));
    fs.cpSync(example.outdir, outdir, { recursive: true });
    const out = execFileSync(
      path.join(REPO, 'node_modules', '.bin', 'ts-node'),
      ['--transpile-only', path.join(REPO, 'tools', 'catalog', 'catalog.ts'), '--from', outdir],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(out).toContain(`${example.model.products.length} products`);
    const contract = YAML.parse(fs.readFileSync(path.join(outdir, 'catalog', catalogPaths.contract('sales.orders')), 'utf8'));
    expect(contract.servers[0].host).toBe(example.options.connection?.bootstrapServers.join(','));
    expect(() =>
      execFileSync(
        path.join(REPO, 'node_modules', '.bin', 'ts-node'),
        ['--transpile-only', path.join(REPO, 'tools', 'catalog', 'catalog.ts'), '--from', path.join(outdir, 'nope')],
        { cwd: REPO, stdio: 'pipe' },
      ),
    ).toThrow(/does not exist/);
  });
});

describe('the YAML writer', () => {
  const tricky = {
    words: ['on', 'No', 'yes', 'OFF', 'y', 'null', '~', 'true'],
    numbersAsText: ['1.0', '1.0.0', '-1', '0x1F', '1_000', '2024-01-01', '12:30', '.inf', 'NaN', '1e3'],
    marks: [
      '',
      ' lead',
      'trail ',
      'a: b',
      'a #b',
      '#c',
      '- x',
      '*a',
      '&a',
      '!t',
      '%x',
      '@x',
      '`x',
      '|',
      '>',
      '{',
      '[',
      'x,y',
      "it's",
      '"q"',
      '<<',
      '?',
    ],
    plain: ['User:sales', 'urn:kafka-mesh:domain:sales', 'sales.orders', 'http://localhost:8081', 'mailto:a@b.c'],
    multiline: ['l1\nl2', 'ends\n', 'two\n\n', '\tlead tab\nx', 'cr\r\nlf', 'trailing space \nx', 'ü\n✓'],
    nested: [[], {}, [[1, 'a']], [{ x: 1, y: [true, null] }], { '': 'empty key', 'key: colon': 1, on: 'off' }],
    n: -0.5,
  };

  it('round-trips tricky values for YAML 1.2 and YAML 1.1 readers alike', () => {
    const text = toYaml(tricky);
    expect(YAML.parse(text, { version: '1.2' })).toEqual(tricky);
    expect(YAML.parse(text, { version: '1.1' })).toEqual(tricky);
  });

  it('leaves ordinary names plain and writes multi-line text as literal blocks', () => {
    const text = toYaml({ a: 'User:sales', b: 'one\ntwo', c: ['x'] });
    expect(text).toBe('a: User:sales\nb: |-\n  one\n  two\nc:\n  - x\n');
  });

  it('writes several documents', () => {
    const docs = YAML.parseAllDocuments(toYamlDocuments([{ a: 1 }, { b: ['on'] }])).map((d) => d.toJS());
    expect(docs).toEqual([{ a: 1 }, { b: ['on'] }]);
  });

  it('refuses what YAML data cannot hold', () => {
    expect(() => toYaml({ x: Number.NaN })).toThrow('not a finite number');
    expect(() => toYaml({ f: () => 1 })).toThrow('cannot write a function');
  });
});
