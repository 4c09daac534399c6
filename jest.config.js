/**
 * type-graphql reads decorator metadata at run time, so the transform must emit it:
 * @swc/jest with legacy decorators and decoratorMetadata (esbuild-based runners do not).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  // A real redis-server for the run when the machine has one (tests needing it skip otherwise).
  globalSetup: '<rootDir>/test/setup/redis-global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/redis-global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/setup/no-console.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  testTimeout: 30000,
};
