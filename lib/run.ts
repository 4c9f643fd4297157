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
    (typeof app === 'function' ? built(app) : app).synth();
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

/**
 * Times an app is built when cdktf's App constructor fails to create the output folder because it
 * appeared meanwhile. App checks whether the folder exists and then creates it; a synth into the
 * same folder, by another process, puts its output in place with a rename, and for that rename
 * the folder is briefly absent. When it lands between App's check and App's `mkdir`, the
 * `mkdir` fails with EEXIST, and building the app again finds the folder there.
 */
const BUILD_ATTEMPTS = 3;

/** The app `build()` returns, built again when it met another synth's output folder appearing. */
function built(build: () => App): App {
  for (let attempt = 1; ; attempt++) {
    try {
      return withoutStackTraces(build);
    } catch (e) {
      const error = e as NodeJS.ErrnoException;
      if (attempt < BUILD_ATTEMPTS && error.code === 'EEXIST' && error.syscall === 'mkdir') continue;
      throw e;
    }
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
