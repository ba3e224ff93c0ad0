import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/generated/**', '.tools/**', 'coverage/**', '**/*.mjs', '**/*.cjs', 'scripts/*.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read the environment only in config.ts (zod env schema).' },
      ],
    },
  },
  {
    // The places allowed to read process.env: config loaders, entry points, tooling and the test kit.
    files: ['**/src/config.ts', '**/src/server.ts', 'packages/platform/src/env.ts', 'packages/db/src/cli.ts', 'packages/testkit/src/**', 'scripts/**', '**/scripts/**', '**/bench/**', '**/test/**', '**/chaos/**', '*.config.ts', '**/*.test.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
