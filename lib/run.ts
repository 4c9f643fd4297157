import { App } from 'cdktf';
import { MeshValidationError } from './errors';

/**
 * Synthesizes `app`, printing mesh validation errors as plain messages (path, field, value, fix)
 * and exiting with status 1, instead of a stack trace. Use it as the last line of a cdktf app.
 */
export function synthesizeMesh(app: App): void {
  try {
    app.synth();
  } catch (e) {
    if (e instanceof MeshValidationError) {
      process.stderr.write(`cdktf-kafka-mesh: the mesh is not valid:\n${e.message.split('\n').map((l) => `  ${l}`).join('\n')}\n`);
      process.exit(1);
    }
    throw e;
  }
}
