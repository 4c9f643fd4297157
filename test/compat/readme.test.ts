import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import * as compat from '../../lib/compat';

/** Runs the per-version references example of lib/compat/README.md as written. */
function readmeExample(): compat.CompatibilityResult {
  const readme = fs.readFileSync(path.join(__dirname, '../../lib/compat/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### References per version'));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('no ts block in the References per version section');
  const js = ts.transpileModule(`${code}\nmodule.exports = result;`, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
  const module = { exports: {} as unknown };
  const requireShim = (name: string) => {
    if (name !== './compat') throw new Error(`the example imports ${name}`);
    return compat;
  };
  new Function('require', 'module', 'exports', js)(requireShim, module, module.exports);
  return module.exports as compat.CompatibilityResult;
}

describe('lib/compat/README.md', () => {
  it('the per-version references example gives the verdict the README states', () => {
    const result = readmeExample();
    expect(result.compatible).toBe(false);
    expect(result.issues.map((i) => [i.againstVersion, i.rule, i.path])).toEqual([
      [2, 'FIELD_ADDED_WITHOUT_DEFAULT', 'total.scale'],
      [1, 'FIELD_ADDED_WITHOUT_DEFAULT', 'total.scale'],
    ]);
  });
});
