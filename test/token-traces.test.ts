import { Lazy, Tokenization } from 'cdktf';
import { withoutTokenTraces } from '../lib/private/token-traces';

/** A formatter as source-map-support installs one, counting what it formats. */
function installCounting(): { calls: string[]; restore: () => void } {
  const previous = Error.prepareStackTrace;
  const calls: string[] = [];
  Error.prepareStackTrace = (error, frames) => {
    calls.push(error instanceof Error ? 'error' : 'capture');
    return `${error instanceof Error ? error.message : 'capture'}\n${frames.map((f) => `    at ${f}`).join('\n')}`;
  };
  return { calls, restore: () => (Error.prepareStackTrace = previous) };
}

const creationStack = (value: string): string[] => Tokenization.reverseString(value).firstToken!.creationStack;

describe('tokens the library creates carry no stack trace', () => {
  it('inside the region, cdktf captures no frames and the installed formatter is not called for them', () => {
    const counting = installCounting();
    try {
      const outside = Lazy.stringValue({ produce: () => 'a' });
      expect(creationStack(outside).length).toBeGreaterThan(0);
      expect(counting.calls).toEqual(['capture']);
      const inside = withoutTokenTraces(() => Lazy.stringValue({ produce: () => 'b' }));
      expect(creationStack(inside)).toEqual([]);
      expect(counting.calls).toEqual(['capture']);
    } finally {
      counting.restore();
    }
  });

  it('errors inside the region are formatted by the installed formatter, and the formatter is back afterwards', () => {
    const counting = installCounting();
    try {
      const installed = Error.prepareStackTrace;
      const stack = withoutTokenTraces(() => withoutTokenTraces(() => new Error('boom').stack));
      expect(stack).toMatch(/^boom\n {4}at /);
      expect(counting.calls).toEqual(['error']);
      expect(Error.prepareStackTrace).toBe(installed);
      expect(() =>
        withoutTokenTraces(() => {
          throw new Error('thrown');
        }),
      ).toThrow('thrown');
      expect(Error.prepareStackTrace).toBe(installed);
    } finally {
      counting.restore();
    }
  });

  it('changes nothing when no formatter is installed', () => {
    const previous = Error.prepareStackTrace;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    try {
      const token = withoutTokenTraces(() => Lazy.stringValue({ produce: () => 'c' }));
      expect(creationStack(token).length).toBeGreaterThan(0);
      expect(Error.prepareStackTrace).toBeUndefined();
    } finally {
      Error.prepareStackTrace = previous;
    }
  });
});
