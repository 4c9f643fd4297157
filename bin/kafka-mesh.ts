import { runCli } from '../lib/diff/cli';
import { lockCommand } from '../lib/lock/command';

/**
 * `kafka-mesh`: the package's command line (`kafka-mesh diff`, `codeowners`, `lock`, `import`, `doctor`).
 * Started by bin/kafka-mesh.js; the exit code is the command's. `import` and `doctor` talk to a
 * cluster, so they answer with a promise.
 */
export function main(argv: readonly string[] = process.argv.slice(2)): number | Promise<number> {
  if (argv[0] === 'lock')
    return lockCommand(argv.slice(1), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), cwd: process.cwd() });
  if (argv[0] === 'import') return require('../lib/adopt/cli').importCommand(argv.slice(1));
  if (argv[0] === 'doctor') return require('../lib/adopt/cli').doctorCommand(argv.slice(1));
  return runCli(argv);
}

if (require.main === module) {
  const code = main();
  if (typeof code === 'number') process.exitCode = code;
  else void code.then((c) => (process.exitCode = c));
}
