import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds out/cli (the command line and its workers) from the current sources first.
    globalSetup: ['test/setup/build-cli.ts'],
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
