/**
 * Docs that compile: every ```ts block of README.md and docs/*.md is type-checked against the
 * package by name (tsconfig's paths map `cdktf-kafka-mesh` to lib/), and the complete ones (a
 * `new App(` or `synthesizeMesh(`) are run in a temporary project folder. A block preceded by
 * `<!-- snippet: partial -->` is a fragment: it is compiled inside a scaffold declaring the usual
 * variables (SCAFFOLD below) and not run. A block whose first line is `// throws: <message>` must
 * fail with that message when run.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.join(__dirname, '..');
const PARTIAL = '<!-- snippet: partial -->';

interface Snippet {
  readonly name: string;
  readonly code: string;
  readonly partial: boolean;
}

/** The ```ts blocks of a Markdown file, each with whether the marker precedes it. */
export function extractSnippets(file: string, text: string): Snippet[] {
  const out: Snippet[] = [];
  const lines = text.split('\n');
  let previous = '';
  for (let i = 0; i < lines.length; i++) {
    if (/^```(ts|typescript)\s*$/.test(lines[i])) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
      out.push({ name: `${file}:${start}`, code: lines.slice(start, end).join('\n'), partial: previous.trim() === PARTIAL });
      i = end;
      previous = '';
    } else if (lines[i].trim()) previous = lines[i];
  }
  return out;
}

/** What a partial snippet may use without declaring it. */
const SCAFFOLD_IMPORTS: Record<string, string[]> = {
  cdktf: ['App', 'TerraformStack'],
  'cdktf-kafka-mesh': [
    'Connector',
    'Domain',
    'DomainDataProduct',
    'KafkaClusterProps',
    'KafkaMesh',
    'KsqlApp',
    'NiFiFlow',
    'Principal',
    'Schema',
    'ServiceAccount',
    'StreamsApp',
  ],
};
const SCAFFOLD_DECLARATIONS = `
declare const app: App;
declare const mesh: KafkaMesh;
declare const cluster: KafkaClusterProps;
declare const url: string;
declare const sales: Domain, finance: Domain, customer: Domain, inventory: Domain;
declare const orders: DomainDataProduct, processedOrders: DomainDataProduct, transactions: DomainDataProduct;
declare const ordersWithStock: DomainDataProduct, profileUpdated: DomainDataProduct, crmSyncStatus: DomainDataProduct;
declare const orderProcessor: ServiceAccount, connectWorker: ServiceAccount, ksqlServers: ServiceAccount, crmSyncAccount: ServiceAccount;
`;

/** A partial snippet in its scaffold: its own imports first, the scaffold's, then its body in a block. */
function scaffolded(code: string): string {
  const source = ts.createSourceFile('s.ts', code, ts.ScriptTarget.ES2022, true);
  const imports = source.statements.filter(ts.isImportDeclaration);
  const imported = new Set<string>();
  for (const i of imports) {
    const named = i.importClause?.namedBindings;
    if (named && ts.isNamedImports(named)) for (const e of named.elements) imported.add(e.name.text);
    if (i.importClause?.name) imported.add(i.importClause.name.text);
  }
  const body = source.statements.filter((s) => !ts.isImportDeclaration(s));
  const scaffold = Object.entries(SCAFFOLD_IMPORTS)
    .map(([from, names]) => [from, names.filter((n) => !imported.has(n))] as const)
    .filter(([, names]) => names.length)
    .map(([from, names]) => `import { ${names.join(', ')} } from '${from}';`);
  return [
    ...imports.map((i) => i.getText(source)),
    ...scaffold,
    SCAFFOLD_DECLARATIONS,
    '{',
    body.length ? code.slice(body[0].getFullStart()) : '',
    '}',
    'export {};',
  ].join('\n');
}

const files = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).map((f) => path.join('docs', f))].filter((f) => f.endsWith('.md'));
const snippets = files.flatMap((f) => extractSnippets(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
const complete = snippets.filter((s) => !s.partial && /new App\(|synthesizeMesh\(/.test(s.code));
const virtualName = (s: Snippet, i: number) => path.join(ROOT, '.docs-snippets', `${s.name.replace(/[^A-Za-z0-9]+/g, '-')}-${i}.ts`);

describe('extracting snippets', () => {
  it('finds the blocks and the partial marker', () => {
    const found = extractSnippets('x.md', ['a', '```ts', 'const a = 1;', '```', '', PARTIAL, '```ts', 'b;', '```', '```sh', 'c', '```'].join('\n'));
    expect(found).toEqual([
      { name: 'x.md:2', code: 'const a = 1;', partial: false },
      { name: 'x.md:7', code: 'b;', partial: true },
    ]);
  });
});

describe('every TypeScript snippet of README.md and docs/', () => {
  it('finds them, complete ones among them', () => {
    expect(snippets.length).toBeGreaterThan(15);
    expect(complete.length).toBeGreaterThan(10);
  });

  it('type-checks, importing the package by name', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(ROOT, 'tsconfig.json'),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    );
    if (!config) throw new Error('tsconfig.json could not be read');
    const options: ts.CompilerOptions = { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false, declaration: false };
    // Two canaries that must fail, in the same program: the check is not vacuous.
    const canaries: Snippet[] = [
      { name: 'canary-complete', code: "import { KafkaMesh } from 'cdktf-kafka-mesh';\nnew KafkaMesh(app, 'mesh', {});", partial: false },
      { name: 'canary-partial', code: 'orders.grantRaed(sales);', partial: true },
    ];
    const all = [...snippets, ...canaries];
    const virtual = new Map(all.map((s, i) => [virtualName(s, i), s.partial ? scaffolded(s.code) : `${s.code}\nexport {};\n`]));
    const host = ts.createCompilerHost(options);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.fileExists = (f) => virtual.has(f) || fileExists(f);
    host.readFile = (f) => virtual.get(f) ?? readFile(f);
    host.getSourceFile = (f, v, onError, create) => {
      const text = virtual.get(f);
      return text !== undefined ? ts.createSourceFile(f, text, v) : getSourceFile(f, v, onError, create);
    };
    const program = ts.createProgram([...virtual.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && virtual.has(d.file.fileName))
      .map((d) => {
        const i = [...virtual.keys()].indexOf(d.file!.fileName);
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${all[i].name}${all[i].partial ? ' (partial, in its scaffold)' : ''} line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems.filter((p) => !p.startsWith('canary-'))).toEqual([]);
    expect(problems.filter((p) => p.startsWith('canary-complete'))).toEqual([expect.stringContaining("Cannot find name 'app'")]);
    expect(problems.filter((p) => p.startsWith('canary-partial'))).toEqual([expect.stringContaining("Property 'grantRaed' does not exist")]);
  }, 240_000);

  it.each(complete.map((s) => [s.name, s] as const))('runs %s', (_name, s) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-snippet-'));
    fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'npx ts-node main.ts' }));
    fs.cpSync(path.join(ROOT, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
    const js = ts.transpileModule(s.code, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    const load = (m: string) =>
      m === 'cdktf-kafka-mesh' ? require('../lib') : m.startsWith('cdktf-kafka-mesh/') ? require(`../lib/${m.split('/')[1]}`) : require(m);
    const cwd = process.cwd();
    jest.spyOn(console, 'log').mockImplementation(() => {});
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.chdir(dir);
    const run = () => new Function('require', 'exports', 'module', js)(load, {}, { exports: {} });
    try {
      const throws = /^\/\/ throws: (.*)$/m.exec(s.code.split('\n')[0]);
      if (throws) expect(run).toThrow(throws[1]);
      else {
        run();
        expect(fs.readdirSync(path.join(dir, 'cdktf.out', 'stacks')).length).toBeGreaterThan(0);
      }
    } finally {
      process.chdir(cwd);
      jest.restoreAllMocks();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
