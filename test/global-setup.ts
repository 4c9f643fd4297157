import { useRunTmpdir } from './run-tmpdir';

/** The unit run's global setup: its own temporary folder (see run-tmpdir.ts). */
export default function globalSetup(): void {
  useRunTmpdir();
}
