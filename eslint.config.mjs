// ESLint flat config: the recommended JavaScript and typescript-eslint rules over our own sources.
// Style (line width, quotes, commas) is Prettier's job (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'out/',
      '.bench-tmp/',
      '.vscode-test/',
      // The demo is sample code a user opens, with debt comments on purpose; fixtures are byte-exact inputs.
      'examples/demo/',
      'test/fixtures/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Control characters are matched on purpose: they decide how a YAML scalar must be quoted.
      'no-control-regex': 'off',
      // `_name` marks a parameter or binding kept for its position (a callback's signature, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The tests' mocha globals; the smoke script's page functions run in the browser.
    files: ['test/**'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    files: ['scripts/vscode-smoke.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // CommonJS files (the mocha reporter) may require().
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
