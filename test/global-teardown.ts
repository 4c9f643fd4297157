import { removeRunTmpdir } from './run-tmpdir';

/** The unit run's global teardown: removes its temporary folder (see run-tmpdir.ts). */
export default function globalTeardown(): void {
  removeRunTmpdir();
}
