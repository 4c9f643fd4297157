import { App } from 'cdktf';
import { MeshValidationError } from './errors';

/** cdktf's context key that keeps stack traces out of construct metadata (and so out of error annotations). */
export const DISABLE_STACK_TRACES = '@cdktf/disable_stack_trace_in_metadata';

/** The start of the error cdktf's `App.synth()` throws when a construct has an error annotation. */
const ANNOTATION_ERROR = 'Encountered Annotations with level "ERROR":';

/**
 * Synthesizes `app` — or the app `build()` returns, so that errors raised while the constructs
 * are created are reported the same way — printing mesh validation errors and governance
 * violations (error annotations) as plain messages (path, field, value, fix) and exiting with
 * status 1, instead of a stack trace.
 *
 * With `build()`, an app created inside it gets `@cdktf/disable_stack_trace_in_metadata`
 * unless the context (cdktf.json) sets it already, so that `cdktf synth` prints an error
 * annotation without the 30 lines of stack under it.
 */
export function synthesizeMesh(app: App | (() => App)): void {
  try {
    (typeof app === 'function' ? withoutStackTraces(app) : app).synth();
  } catch (e) {
    if (e instanceof MeshValidationError) {
      process.stderr.write(
        `cdktf-kafka-mesh: the mesh is not valid:\n${e.message
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}\n`,
      );
      process.exit(1);
    }
    // Governance findings reach here as cdktf's error-annotation failure: plain lines too.
    if (e instanceof Error && e.message.startsWith(ANNOTATION_ERROR)) {
      const errors = e.message.slice(ANNOTATION_ERROR.length).trim().split('\n\n')[0];
      process.stderr.write(
        `cdktf-kafka-mesh: governance or validation errors:\n${errors
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}\n`,
      );
      process.exit(1);
    }
    throw e;
  }
}

/** Runs `build` with the stack-trace flag in the context an App reads from the environment. */
function withoutStackTraces(build: () => App): App {
  const key = 'CDKTF_CONTEXT_JSON';
  const before = process.env[key];
  let context: Record<string, unknown>;
  try {
    context = before ? (JSON.parse(before) as Record<string, unknown>) : {};
  } catch {
    return build();
  }
  if (DISABLE_STACK_TRACES in context) return build();
  process.env[key] = JSON.stringify({ ...context, [DISABLE_STACK_TRACES]: true });
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env[key];
    else process.env[key] = before;
  }
}
