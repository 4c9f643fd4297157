'use strict';
/**
 * A ts-node transpiler (`ts-node --transpiler ./tools/ts-node/cached-transpiler.js`, which implies
 * --transpile-only) that is TypeScript's own `transpileModule` with a disk cache: running the
 * example app transpiles about 120 files, most of its run time, and almost none of them change
 * between two synths. The cache key is everything the output depends on: the TypeScript
 * version, the compiler options ts-node passes, the file's name and its text. A file whose
 * transpilation reports a diagnostic is not cached, so ts-node reports it every time.
 *
 * The cache is under node_modules/.cache/ts-node-transpile (one small JSON file per file
 * version); deleting it is always safe.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const CACHE_DIR = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'ts-node-transpile');

/** @param {{ service: { config: { options: object }, projectLocalResolveHelper: (name: string, relative: boolean) => string } }} options */
function create({ service }) {
  const ts = require(service.projectLocalResolveHelper('typescript', true));
  const compilerOptions = service.config.options;
  const base = crypto.createHash('sha256').update(ts.version).update('\0').update(JSON.stringify(compilerOptions));
  return {
    /** @param {string} input @param {{ fileName: string }} options */
    transpile(input, { fileName }) {
      const key = base.copy().update('\0').update(fileName).update('\0').update(input).digest('hex');
      const file = path.join(CACHE_DIR, `${key}.json`);
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        // not cached yet (or unreadable): transpile
      }
      const result = ts.transpileModule(input, { fileName, compilerOptions, reportDiagnostics: true });
      if (result.diagnostics && result.diagnostics.length) return result;
      const output = { outputText: result.outputText, sourceMapText: result.sourceMapText };
      try {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        // Written whole under a temporary name, then renamed: a concurrent run never reads half a file.
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(output));
        fs.renameSync(tmp, file);
      } catch {
        // a read-only or full disk only costs the cache
      }
      return output;
    },
  };
}

module.exports = { create, CACHE_DIR };
