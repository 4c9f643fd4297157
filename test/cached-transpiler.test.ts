import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// The ts-node transpiler that `npm run synth` and cdktf.json run the example app with.
const { create, CACHE_DIR } = require('../tools/ts-node/cached-transpiler.js') as {
  create(o: unknown): { transpile(input: string, o: { fileName: string }): { outputText: string; sourceMapText?: string; diagnostics?: unknown[] } };
  CACHE_DIR: string;
};

const compilerOptions: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, sourceMap: true, strict: true };
const transpiler = () =>
  create({ service: { config: { options: compilerOptions }, projectLocalResolveHelper: (name: string) => require.resolve(name) } });
const cacheFiles = () => (fs.existsSync(CACHE_DIR) ? fs.readdirSync(CACHE_DIR) : []);

describe('the cached ts-node transpiler', () => {
  const fileName = path.join(__dirname, 'fixtures', 'transpiled.ts');

  it("gives TypeScript's own output and source map, then the same from its cache", () => {
    const input = `export const answer: number = ${Date.now()}; // ${process.pid}\n`;
    const before = new Set(cacheFiles());
    const first = transpiler().transpile(input, { fileName });
    const expected = ts.transpileModule(input, { fileName, compilerOptions, reportDiagnostics: true });
    expect(first.outputText).toBe(expected.outputText);
    expect(first.sourceMapText).toBe(expected.sourceMapText);
    const added = cacheFiles().filter((f) => !before.has(f));
    expect(added).toHaveLength(1);
    // The second transpiler reads the cache: a marked cache entry is what it returns.
    const file = path.join(CACHE_DIR, added[0]);
    fs.writeFileSync(file, JSON.stringify({ outputText: 'cached', sourceMapText: first.sourceMapText }));
    try {
      expect(transpiler().transpile(input, { fileName }).outputText).toBe('cached');
      // Another file name (or text) is another entry.
      const other = path.join(__dirname, 'fixtures', 'other.ts');
      expect(transpiler().transpile(input, { fileName: other }).outputText).toBe(
        ts.transpileModule(input, { fileName: other, compilerOptions, reportDiagnostics: true }).outputText,
      );
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('reports a syntax error every time, and caches nothing for it', () => {
    const input = `export const broken = (${Date.now()}; // ${process.pid}\n`;
    const before = cacheFiles().length;
    const result = transpiler().transpile(input, { fileName });
    expect(result.diagnostics?.length).toBeGreaterThan(0);
    expect(cacheFiles().length).toBe(before);
  });
});

describe('tools/ts-node/register.js', () => {
  it('runs a TypeScript file under `node -r` through the cached transpiler', () => {
    const dir = fs.mkdtempSync(path.join(__dirname, 'fixtures', 'register-'));
    const file = path.join(dir, 'app.ts');
    const marker = `${Date.now()}-${process.pid}`;
    fs.writeFileSync(file, `const marker: string = '${marker}';\nprocess.stdout.write(marker);\n`);
    const root = path.join(__dirname, '..');
    const run = () =>
      require('child_process').execFileSync(process.execPath, ['-r', path.join(root, 'tools', 'ts-node', 'register.js'), file], {
        cwd: root,
        encoding: 'utf8',
      }) as string;
    const before = new Set(cacheFiles());
    try {
      expect(run()).toBe(marker);
      // The file's transpilation is now in the cache, and a second run reads it from there.
      const added = cacheFiles().filter((f) => !before.has(f) && fs.readFileSync(path.join(CACHE_DIR, f), 'utf8').includes(marker));
      expect(added).toHaveLength(1);
      const entry = path.join(CACHE_DIR, added[0]);
      const cached = JSON.parse(fs.readFileSync(entry, 'utf8'));
      fs.writeFileSync(entry, JSON.stringify({ ...cached, outputText: cached.outputText.replace(marker, `cached ${marker}`) }));
      expect(run()).toBe(`cached ${marker}`);
      fs.rmSync(entry, { force: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
