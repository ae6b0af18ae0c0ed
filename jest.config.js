/**
 * Jest runs the TypeScript sources as native ESM through ts-jest in transpile-only mode
 * (`npm run typecheck` checks types). ts-jest and Jest 29 have no native parts, so they install
 * from any npm mirror; SWC and Jest 30's resolver need per-platform binaries.
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  setupFiles: ['<rootDir>/test/support/agenda-timers.ts'],
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 30000,
  maxWorkers: 2,
  // a worker grown past this after a test file is replaced by a fresh one (each file loads the
  // modules anew, and what it leaves behind adds up over a hundred files: a CI run's workers
  // once reached Node's 4 GB heap limit)
  workerIdleMemoryLimit: '1.5GB',
};
