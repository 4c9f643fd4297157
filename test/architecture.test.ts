/**
 * The shape of lib/: data flows one way, constructs -> model -> emitters. Checked on the import
 * graph (type-only imports and lazy requires included), so a cycle or a wrong-way import fails here.
 */
import * as fs from 'fs';
import * as path from 'path';
import madge from 'madge';

const LIB = path.join(__dirname, '..', 'lib');

/** lib/-relative module -> the lib/-relative modules it imports. */
let graph: Record<string, string[]>;
let cycles: string[][];

beforeAll(async () => {
  const result = await madge(LIB, {
    fileExtensions: ['ts'],
    tsConfig: path.join(__dirname, '..', 'tsconfig.json'),
    excludeRegExp: [/^gen\//],
    detectiveOptions: { ts: { skipTypeImports: false }, es6: { skipTypeImports: false } },
  });
  graph = result.obj();
  cycles = result.circular();
}, 60_000);

const layer = (file: string): string => file.split('/')[0].replace(/\.ts$/, '');
/** The folders that emit from the model: they read the model, never a construct. */
const EMITTERS = ['terraform', 'catalog', 'lock', 'governance', 'codeowners', 'diff'];

function importsFrom(from: (file: string) => boolean, to: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const [file, deps] of Object.entries(graph)) if (from(file)) for (const dep of deps) if (to(dep)) out.push(`${file} -> ${dep}`);
  return out;
}

describe('lib/ architecture', () => {
  it('reads a meaningful graph', () => {
    expect(Object.keys(graph)).toEqual(
      expect.arrayContaining(['index.ts', 'constructs/kafka-mesh.ts', 'model/model.ts', 'terraform/mesh-resources.ts']),
    );
    expect(graph['constructs/domain.ts']).toContain('constructs/kafka-mesh.ts');
  });

  it('has no import cycle', () => {
    expect(cycles.map((c) => c.join(' -> '))).toEqual([]);
  });

  it('the model imports no construct and no emitter', () => {
    const isModel = (f: string) => layer(f) === 'model';
    expect(importsFrom(isModel, (d) => layer(d) === 'constructs' || EMITTERS.includes(layer(d)))).toEqual([]);
  });

  it('emitters import no construct', () => {
    expect(
      importsFrom(
        (f) => EMITTERS.includes(layer(f)),
        (d) => layer(d) === 'constructs',
      ),
    ).toEqual([]);
  });

  it('internals import no construct and no emitter, and only lib/index.ts exposes the constructs', () => {
    expect(
      importsFrom(
        (f) => layer(f) === 'private',
        (d) => layer(d) === 'constructs' || EMITTERS.includes(layer(d)),
      ),
    ).toEqual([]);
  });

  // errors.ts (the error type and did-you-mean, masking secrets in values) is shared by every layer.
  it('the diff reads only synth output and the model types', () => {
    expect(
      importsFrom(
        (f) => layer(f) === 'diff',
        (d) => !['diff', 'model', 'compat', 'codeowners', 'errors'].includes(layer(d)),
      ),
    ).toEqual([]);
  });

  it('application constructs share their wiring through constructs/application.ts, importing one another only for the class', () => {
    const classes: Record<string, string> = {
      'constructs/streams-app.ts': 'StreamsApp',
      'constructs/connector.ts': 'Connector',
      'constructs/ksql-app.ts': 'KsqlApp',
      'constructs/nifi-flow.ts': 'NiFiFlow',
    };
    const wrong: string[] = [];
    for (const [file, deps] of Object.entries(graph)) {
      if (layer(file) !== 'constructs' || file === 'constructs/application.ts') continue;
      for (const dep of deps.filter((d) => d !== file && d in classes)) {
        const names = importedNames(file, dep);
        const extra = names.filter((n) => n !== classes[dep]);
        if (extra.length) wrong.push(`${file} imports ${extra.join(', ')} from ${dep}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(graph['constructs/connector.ts']).toContain('constructs/application.ts');
  });

  it('constructs write no Terraform attribute names: no snake_case key in lib/constructs', () => {
    const found: string[] = [];
    for (const file of Object.keys(graph).filter((f) => layer(f) === 'constructs')) {
      const lines = fs.readFileSync(path.join(LIB, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        // An object key or a property name with an underscore between lower-case words, e.g.
        // `replication_factor:` or `.schema_type`. Outputs' logical names and environment
        // variable names are strings, not keys, and are not matched.
        if (/^\s*\/?\*|^\s*\/\//.test(line)) return;
        const m = /(?:^|[{,(\s.])([a-z][a-z0-9]*_[a-z0-9_]+)(?:\??:|\s*=[^=>])/.exec(line);
        if (m) found.push(`${file}:${i + 1}: ${m[1]}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('constructs default a validated prop through validatePropsWithDefault, never by validating twice themselves', () => {
    const twice = Object.keys(graph)
      .filter((f) => layer(f) === 'constructs')
      .filter((f) => /validateProps\([^;]*\{\s*\.\.\.props\b/.test(fs.readFileSync(path.join(LIB, f), 'utf8')));
    expect(twice).toEqual([]);
  });
});

/** The names `file` imports from `dep` (both lib/-relative). */
function importedNames(file: string, dep: string): string[] {
  const source = fs.readFileSync(path.join(LIB, file), 'utf8');
  const target = path.relative(path.dirname(file), dep).replace(/\.ts$/, '');
  const spec = target.startsWith('.') ? target : `./${target}`;
  const names: string[] = [];
  const re = /import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'([^']+)'/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (m[2] !== spec) continue;
    for (const n of m[1].split(',')) {
      const name = n.replace(/^\s*type\s+/, '').trim();
      if (name) names.push(name.split(/\s+as\s+/)[0]);
    }
  }
  return names;
}
