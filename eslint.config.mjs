// typescript-eslint's recommended rules over the project's TypeScript (npm run lint; npm test runs it).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'lib/gen/**', 'cdktf.out/**', 'node_modules/**', '.local/**', '**/*.d.ts', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Unused arguments and caught errors named with a leading underscore are deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Parse failures are rethrown as the library's own errors, whose message is the whole contract.
      'preserve-caught-error': 'off',
    },
  },
  {
    // The adoption tools read synthesized Terraform JSON, registry answers and kafkajs's untyped
    // protocol encoders; the command line loads each command only when it runs.
    files: ['lib/adopt/**/*.ts', 'tools/deploy/**/*.ts', 'bin/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Tests and benchmarks read synthesized JSON and load modules on demand.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      'no-useless-assignment': 'off',
    },
  },
);
