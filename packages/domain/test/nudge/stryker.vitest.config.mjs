const here = new URL(".", import.meta.url).pathname
export default {
  resolve: { alias: [
    { find: /^@chatshop\/domain\/testing$/, replacement: `${here}_shim_testing.ts` },
    { find: /^@chatshop\/domain$/, replacement: `${here}_shim_domain.ts` }
  ] },
  test: { include: ["test/nudge/**/*.test.ts", "test/replywindow/**/*.test.ts"], maxWorkers: 1, testTimeout: 60000 }
}
