'use strict';
/**
 * `node -r ./tools/ts-node/register.js app.ts`: ts-node with the project's cached transpiler
 * (./cached-transpiler.js), the way `npm run synth` and cdktf.json run the example app, for a
 * process started by `node` itself (a forked benchmark case).
 */
require('ts-node').register({ transpileOnly: true, transpiler: require.resolve('./cached-transpiler.js') });
