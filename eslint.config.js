import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'coverage', '.tools', 'test-artifacts'] },
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
    // the console's browser scripts (no bundler): the browser's globals they use
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'location',
          'localStorage',
          'fetch',
          'URL',
          'URLSearchParams',
          'FormData',
          'EventSource',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'btoa',
          'Node',
        ].map((g) => [g, 'readonly']),
      ),
    },
  },
);
