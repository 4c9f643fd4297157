/**
 * End-to-end tests against a real Kafka broker and schema registry on loopback, started by the
 * project's own scripts (tools/local/up.sh) in a state directory of their own.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/test/e2e/global-setup.ts',
  globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
  // the package's own name resolves to the sources, as in the unit run
  moduleNameMapper: require('./jest.config.js').moduleNameMapper,
  maxWorkers: 1,
  // import reads the whole cluster: it runs first (see the sequencer)
  testSequencer: '<rootDir>/test/e2e/sequencer.js',
  testTimeout: 300000,
};
