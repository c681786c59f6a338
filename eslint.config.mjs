// House rules as lint: typescript-eslint on every TypeScript file, the Lit and web-components rule sets on the
// elements, and the browser or Node globals each part runs with. Formatting is Prettier's (see .prettierrc.json).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'storybook-static/', 'custom-elements.json', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: [
      'src/**/*.ts',
      'test/**/*.ts',
      'stories/**/*.ts',
      '.storybook/**/*.ts',
      'test/fixtures/**/*.js',
      'demo/**/*.js',
    ],
    languageOptions: { globals: globals.browser },
  },
  { files: ['src/**/*.ts'], extends: [lit.configs['flat/recommended'], wc.configs['flat/best-practice']] },
  { files: ['server/**/*.ts', '*.mjs', '.storybook/main.ts'], languageOptions: { globals: globals.node } },
  // Scripts and benchmarks run in Node and hand functions to the browser pages they drive.
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs', 'test/fake-api/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Chai's property assertions (`expect(x).to.be.true`) read as expressions; test pages are typed loosely.
    files: ['test/**/*.ts', 'server/test/**/*.ts', 'stories/**/*.ts', '.storybook/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      // Unused names are mistakes, except a leading underscore for a parameter a signature requires.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
