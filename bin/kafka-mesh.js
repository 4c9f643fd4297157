#!/usr/bin/env node
// Starts bin/kafka-mesh.ts: through ts-node in a checkout of the repository (so the command
// always runs the sources, never a stale build), else the compiled dist/ the package ships.
const fs = require('fs');
const path = require('path');

const source = path.join(__dirname, 'kafka-mesh.ts');
if (fs.existsSync(source)) {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  setExitCode(require(source).main());
} else {
  setExitCode(require(path.join(__dirname, '..', 'dist', 'bin', 'kafka-mesh.js')).main());
}

// `import` and `doctor` answer with a promise of the exit code.
function setExitCode(code) {
  if (typeof code === 'number') process.exitCode = code;
  else
    code.then((c) => {
      process.exitCode = c;
    });
}
