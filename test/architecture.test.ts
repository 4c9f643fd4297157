/**
 * The shape of lib/: data flows one way, constructs -> model -> emitters. Checked on the import
 * graph (type-only imports and lazy requires included), so a cycle or a wrong-way import fails here.
 */
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
});
