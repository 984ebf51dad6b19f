import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds out/cli (the command line and its workers) from the current sources first.
    globalSetup: ['test/setup/build-cli.ts'],
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
