/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  // One temporary folder per run, removed at its end (test/run-tmpdir.ts).
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // The package's own name resolves to the sources, as tsconfig's paths do for tsc and ts-node.
  moduleNameMapper: {
    '^cdktf-kafka-mesh$': '<rootDir>/lib/index.ts',
    '^cdktf-kafka-mesh/(diff|catalog)$': '<rootDir>/lib/$1/index.ts',
  },
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
};
