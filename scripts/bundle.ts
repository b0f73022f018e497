// `pnpm build`: bundles each app's entry (and the B1/B5 bench server) into one ES module under
// `<package>/dist/`, so production processes load one file instead of ~1,000 modules through Node's
// type stripping (SPEC §8 B5: the server's idle RSS falls from ~190 MB to ~110 MB). Built here, on
// the machine that runs it: PGlite, whose WebAssembly and data files sit beside its code, stays an
// import of the installed package by absolute path.
import { createRequire } from "node:module"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "rolldown"

const root = fileURLToPath(new URL("../", import.meta.url))
const fromAdapters = (specifier: string) =>
  createRequire(join(root, "packages/adapters/package.json")).resolve(specifier)

/**
 * The Node flags production processes run with (package.json `start` scripts say the same): a 4 MB
 * young generation keeps a busy process's RSS near its live heap instead of letting it grow by
 * hundreds of MB between scavenges (SPEC §8 B5), for a few % more scavenging.
 */
export const productionNodeFlags = ["--max-semi-space-size=4"] as const

/** What can be bundled, by name: `app-server`, `app-worker`, `bench-server` (B1/B5's ingest server). */
export const targets = {
  "app-server": { input: "packages/app-server/src/main.ts", output: "packages/app-server/dist/main.mjs" },
  "app-worker": { input: "packages/app-worker/src/main.ts", output: "packages/app-worker/dist/main.mjs" },
  "bench-server": { input: "bench/b1-server.ts", output: "bench/dist/b1-server.mjs" }
} as const

export type Target = keyof typeof targets

export const bundle = async (name: Target): Promise<string> => {
  const target = targets[name]
  const file = join(root, target.output)
  const pglite = fromAdapters("@electric-sql/pglite")
  await build({
    input: join(root, target.input),
    platform: "node",
    logLevel: "warn",
    // pg's optional native binding is never installed; PGlite is imported where it is installed.
    external: ["pg-native", "@electric-sql/pglite"],
    output: {
      file,
      format: "esm",
      minify: true,
      paths: { "@electric-sql/pglite": pglite },
      banner: `import { createRequire as __chatshopRequire } from "node:module"; const require = __chatshopRequire(import.meta.url);`
    }
  })
  return file
}

if (import.meta.main) {
  const names = process.argv.slice(2) as Array<Target>
  for (const name of names.length === 0 ? (["app-server", "app-worker"] as const) : names) {
    if (!(name in targets)) {
      process.stderr.write(`unknown bundle ${name}: one of ${Object.keys(targets).join(", ")}\n`)
      process.exit(1)
    }
    const started = performance.now()
    const file = await bundle(name)
    process.stdout.write(`built ${relative(root, file)} in ${Math.round(performance.now() - started)} ms\n`)
  }
}
