import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { freshOutdir } from './helpers';

/**
 * The TypeScript examples of docs/governance.md run as written (with the package name mapped to
 * lib/). A block whose first line is `// throws: <text>` must fail with a message containing it.
 */
const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'governance.md'), 'utf8');
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

function run(source: string): void {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const load = (name: string) => (name === 'cdktf-kafka-mesh' ? require('../../lib') : require(name));
  // Run in a folder of its own: the app's output and its default mesh lock go there.
  const cwd = process.cwd();
  process.chdir(freshOutdir());
  try {
    new Function('require', 'exports', js)(load, {});
  } finally {
    process.chdir(cwd);
  }
}

describe('docs/governance.md', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(blocks.map((b, i) => [i + 1, b] as const))('example %i runs as documented', (_i, source) => {
    const expected = /^\/\/ throws: (.*)\n/.exec(source)?.[1];
    if (expected === undefined) {
      expect(() => run(source)).not.toThrow();
    } else {
      expect(() => run(source)).toThrow(expected);
    }
  });
});
