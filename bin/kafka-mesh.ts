import { runCli } from '../lib/diff/cli';

/**
 * `kafka-mesh`: the package's command line (`kafka-mesh diff`, `kafka-mesh codeowners`).
 * Started by bin/kafka-mesh.js; the exit code is the command's.
 */
export function main(argv: readonly string[] = process.argv.slice(2)): number {
  return runCli(argv);
}

if (require.main === module) process.exitCode = main();
