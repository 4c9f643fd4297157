import { App } from 'cdktf';
import { MeshValidationError } from './errors';

/**
 * Synthesizes `app` — or the app `build()` returns, so that errors raised while the constructs
 * are created are reported the same way — printing mesh validation errors as plain messages
 * (path, field, value, fix) and exiting with status 1, instead of a stack trace.
 */
export function synthesizeMesh(app: App | (() => App)): void {
  try {
    (typeof app === 'function' ? app() : app).synth();
  } catch (e) {
    // Governance findings reach here as cdktf's error-annotation failure: plain lines too.
    if (e instanceof MeshValidationError || (e instanceof Error && e.message.startsWith('Encountered Annotations with level "ERROR"'))) {
      process.stderr.write(`cdktf-kafka-mesh: the mesh is not valid:\n${e.message.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
      process.exit(1);
    }
    throw e;
  }
}
