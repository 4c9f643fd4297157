/**
 * cdktf records where every token is created: it captures the whole stack (no depth limit) on a
 * plain object and reads its text, so a formatter installed by user code formats every frame.
 * Under ts-node and jest that formatter is source-map-support, which maps each frame through
 * its source map: at 20,000 products the tokens the mesh creates for itself (its `for_each`
 * blocks, locals and overrides, a few per stack, and those cdktf creates while it synthesizes)
 * cost more CPU than everything else the synth does with them.
 *
 * Those traces would only point into this library and cdktf, never at the user's code, so
 * {@link withoutTokenTraces} runs library code with a formatter that gives such a capture no
 * frames. Errors are formatted by the formatter that was installed, and code outside the region
 * keeps cdktf's traces. Without an installed formatter nothing changes: V8 formats the frames
 * itself, which costs little.
 */

type Format = (error: Error, frames: NodeJS.CallSite[]) => unknown;

/** The formatters this module installed (a region inside a region changes nothing). */
const quiet = new WeakSet<Format>();

export function withoutTokenTraces<T>(fn: () => T): T {
  const installed = Error.prepareStackTrace as Format | undefined;
  if (installed === undefined || quiet.has(installed)) return fn();
  const ours: Format = (holder, frames) => (holder instanceof Error ? installed(holder, frames) : '');
  quiet.add(ours);
  Error.prepareStackTrace = ours;
  try {
    return fn();
  } finally {
    // Code run inside may have installed a formatter of its own (a module loaded late): keep it.
    if (Error.prepareStackTrace === ours) Error.prepareStackTrace = installed;
  }
}
