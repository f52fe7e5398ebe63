// ESLint flat config for the whole monorepo. ESLint 10 looks for the config
// from each linted file's directory upward, so a package's `eslint src` (or
// `eslint .`) run from the package directory uses this file.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** The processes whose sources may not import one another (contracts are the only link). */
const PROCESSES = {
  gateway: 'gateway',
  directory: 'services/directory',
  leave: 'services/leave',
  approval: 'services/approval',
  'punch-card-ingest': 'services/punch-card-ingest',
  notification: 'services/notification',
};

/** Import rules of one process's sources: no other process, packages through their entry only; in use cases, no sibling either. */
function boundaries(name, folder) {
  const others = Object.keys(PROCESSES).filter((other) => other !== name);
  const processRules = [
    {
      group: others.flatMap((other) => [`@webitr/${other}`, `@webitr/${other}/*`]),
      message:
        'A process never imports another: reach it through its API (a client built from its table in @webitr/contracts) or its events.',
    },
    { regex: `^(\\.\\./)+(services/)?(${others.join('|')})/`, message: "A process never imports another one's files." },
    { regex: '^@webitr/[^/]+/src/', message: 'Import a package through its entry (the exports of its package.json), never its files.' },
  ];
  const sibling = {
    regex: '^\\.\\./(?!shared/|\\.\\./)[^/]+/',
    message: 'A use case never imports a sibling use case: move what both need to usecases/shared/ or domain/.',
  };
  return [
    {
      files: [`${folder}/src/**/*.ts`],
      ignores: ['**/*.test.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: processRules }] },
    },
    {
      files: [`${folder}/src/usecases/*/**/*.ts`],
      ignores: [`${folder}/src/usecases/shared/**`, '**/*.test.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: [...processRules, sibling] }] },
    },
  ];
}

export default defineConfig(
  globalIgnores(['**/node_modules/', '**/dist/', '**/coverage/', '.cache/', '**/.turbo/', 'infra/']),
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error',
    },
    rules: {
      // `_`-prefixed names mark intentionally unused parameters and bindings.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  ...Object.entries(PROCESSES).flatMap(([name, folder]) => boundaries(name, folder)),
  {
    // The web app runs in the browser: browser globals, the rules of hooks, and no Node built-ins (they would not bundle).
    files: ['portal-plugin/src/web/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^node:', message: 'Browser code cannot use Node built-ins.' }],
          paths: ['@webitr/work-calendar', '@webitr/contracts'].map((name) => ({
            name,
            message: 'This entry imports Node-only or heavy modules: import a browser-safe subpath (e.g. @webitr/contracts/api/problem).',
          })),
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // Mocha specs: in src/ next to the code, or under a package's test/.
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    languageOptions: { globals: { ...globals.mocha } },
    rules: {
      // chai's `expect(x).to.be.true` style assertions are expressions.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
