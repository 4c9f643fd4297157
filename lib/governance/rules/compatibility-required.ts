import { defineRule } from '../rule';
import { isShared, sharedBecause } from './shared';

/**
 * A product other domains use has a compatibility level, one the platform allows for shared
 * products (never NONE: with NONE any change may break every consumer).
 */
export const COMPATIBILITY_REQUIRED = defineRule({
  id: 'COMPATIBILITY_REQUIRED',
  summary: 'A product other domains use has a compatibility level from `sharedCompatibilityLevels` (never NONE)',
  fix: "Set compatibility: 'BACKWARD' (or FULL, or a _TRANSITIVE level)",
  level: 'error',
  checkProduct(p, s) {
    // Without a schema there is nothing to be compatible with: SCHEMA_REQUIRED reports that.
    if (!(p.hasValueSchema || p.hasKeySchema) || !isShared(p)) return [];
    const allowed = s.sharedCompatibilityLevels;
    if (p.compatibility !== undefined && allowed.includes(p.compatibility)) return [];
    const why = p.compatibility === 'NONE' ? 'must not be NONE' : 'must be a level the platform allows for shared products';
    return [
      {
        field: 'compatibility',
        value: p.compatibility,
        problem: `${why} because ${sharedBecause(p)} (allowed: ${allowed.join(', ')})`,
        fix: `set compatibility to one of ${allowed.join(', ')}; 'BACKWARD' lets consumers upgrade first`,
      },
    ];
  },
});
