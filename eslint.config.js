// Lint: typescript-eslint and eslint-plugin-vue, plus the layer rules of STYLE.md §1 said a
// second time (tsconfigs say it first): src-shared imports nothing of ours and no Node, DOM or
// Electron; the engine imports only src-shared; the renderer imports only src-shared.
const js = require('@eslint/js')
const tseslint = require('typescript-eslint')
const vue = require('eslint-plugin-vue')
const globals = require('globals')

const NODE_AND_ELECTRON = ['node:*', 'electron', 'fs', 'path', 'os', 'worker_threads', 'child_process', 'http', 'ws', 'crypto']
const MAIN_FOLDERS = ['**/src-main/**', '**/worker/**', '**/ipc/router*', '**/host/**', '**/app/**', '**/cli/**', '**/session/**', '**/preload/**']

function restrict(patterns, message) {
  return { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] }
}

module.exports = tseslint.config(
  { ignores: ['out/**', 'dist-app/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } }
  },
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-indent': 'off'
    }
  },
  { files: ['src-main/**/*.ts', 'e2e/**/*.ts', 'bench/**', '*.config.*', 'bin/**', '.ci/**'], languageOptions: { globals: globals.node } },
  { files: ['src-renderer/**'], languageOptions: { globals: globals.browser } },
  { files: ['**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' }, languageOptions: { sourceType: 'commonjs', globals: globals.node } },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([...NODE_AND_ELECTRON, ...MAIN_FOLDERS, '**/src-renderer/**', 'vue', 'pinia'], 'src-shared is pure: no Node, DOM, Electron, main or renderer imports (STYLE.md §1).')
  },
  {
    files: ['src-main/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([...NODE_AND_ELECTRON, ...MAIN_FOLDERS, '**/src-renderer/**', 'vue', 'pinia'], 'The engine is a library: it imports only src-shared (DESIGN.md).')
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: restrict([...NODE_AND_ELECTRON, ...MAIN_FOLDERS, '**/engine/**'], 'The renderer imports only src-shared (no Node, Electron or main code) and reaches the engine through the bridge (STYLE.md §1, §5).')
  }
)
