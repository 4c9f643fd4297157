#!/usr/bin/env node
// Starts bin/kafka-mesh.ts: compiled (dist/) when the package is built, else through ts-node.
const fs = require('fs');
const path = require('path');

const compiled = path.join(__dirname, '..', 'dist', 'bin', 'kafka-mesh.js');
if (fs.existsSync(compiled)) {
  process.exitCode = require(compiled).main();
} else {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', 'tsconfig.json') });
  process.exitCode = require('./kafka-mesh.ts').main();
}
