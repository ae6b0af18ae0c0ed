import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', '.tools', 'test-artifacts', 'web/src/**/*.vue'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  { files: ['bench/**', 'scripts/**', 'test/**', 'flows/corpus/**'], rules: { 'no-console': 'off' } },
  {
    // the console (web/src, built by Vite): browser code; its .vue files are checked by vue-tsc
    files: ['web/src/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
