'use strict';
/**
 * The order of the e2e test files: Jest's own (slowest first, by the last run's durations, else
 * by file size), except that `kafka-mesh import` runs first. It reads the whole shared cluster,
 * so it must meet the cluster as global setup made it, before any other file adds its topics,
 * ACLs and users (test files run one at a time and never clean up the cluster).
 */
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = ['adopt.e2e.test.ts'];

class E2eSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const first = (t) => FIRST.some((name) => t.path.endsWith(`/${name}`) || t.path.endsWith(`\\${name}`));
    return [...sorted.filter(first), ...sorted.filter((t) => !first(t))];
  }
}

module.exports = E2eSequencer;
