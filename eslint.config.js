import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

export default tseslint.config(
  { ignores: ['node_modules', '.tmp', 'dist', 'data', 'coverage', '.tools', 'test-artifacts'] },
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
    // the console (web/src, built by Vite): browser code; types in .vue files are checked by vue-tsc
    files: ['web/src/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  // single-file components: Vue's recommended rules, the script blocks through typescript-eslint;
  // formatting is prettier's
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['web/src/**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
      globals: { window: 'readonly', document: 'readonly', console: 'readonly' },
    },
    rules: {
      'no-console': 'off',
      // types (DOM globals included) are vue-tsc's to check; `x as A | B` in a template is no filter
      'no-undef': 'off',
      'vue/no-deprecated-filter': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/attributes-order': 'off',
    },
  },
);
