// The dependency rule of SPEC §1, checked on every `pnpm test`:
// - packages/domain/src imports only `effect` (its testing kit may add fast-check and vitest);
//   no `node:*`, no wall clock, no ambient randomness.
// - adapters import the domain, never an app; apps import domain + adapters; nothing imports an app.
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"

const root = new URL("..", import.meta.url).pathname
const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === "node_modules") return []
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mts|js|mjs)$/.test(name) ? [path] : []
  })

const importPattern =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm
const specifiers = (source) => [...source.matchAll(importPattern)].map((m) => m[1] ?? m[2] ?? m[3])
const packageOf = (spec) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0])

const rules = [
  {
    dir: "packages/domain/src",
    allowed: (spec, file) =>
      spec === "effect" ||
      spec.startsWith("effect/") ||
      (file.includes("/src/testing/") && ["fast-check", "vitest", "@effect/vitest"].includes(packageOf(spec))),
    forbiddenCode: [
      [/\bDate\.now\s*\(/, "Date.now() — take time from Effect's Clock or a parameter"],
      [/\bnew Date\s*\(\s*\)/, "new Date() — take time from Effect's Clock or a parameter"],
      [/\bMath\.random\s*\(/, "Math.random() — use Effect's Random or the IdGenerator port"],
      [/\bprocess\./, "process — the domain knows nothing of Node"],
      [/\brequire\s*\(/, "require() — the domain is ESM and imports only effect"]
    ]
  },
  {
    dir: "packages/adapters/src",
    allowed: (spec) => !spec.startsWith("@chatshop/app-")
  },
  { dir: "packages/app-server/src", allowed: (spec) => !spec.startsWith("@chatshop/app-worker") },
  { dir: "packages/app-worker/src", allowed: (spec) => !spec.startsWith("@chatshop/app-server") }
]

const problems = []
for (const rule of rules) {
  let list = []
  try {
    list = files(join(root, rule.dir))
  } catch {
    continue // package not filled yet
  }
  for (const file of list) {
    const source = readFileSync(file, "utf8")
    const where = relative(root, file)
    for (const spec of specifiers(source)) {
      if (spec.startsWith(".")) continue
      if (!rule.allowed(spec, file)) problems.push(`${where}: imports "${spec}", which ${rule.dir} may not`)
    }
    for (const [pattern, why] of rule.forbiddenCode ?? []) {
      const lines = source.split("\n")
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, "")
        if (pattern.test(code)) problems.push(`${where}:${i + 1}: ${why}`)
      })
    }
  }
}

// Package manifests follow the same arrows.
const manifest = (p) => JSON.parse(readFileSync(join(root, p, "package.json"), "utf8"))
const deps = (m) => Object.keys({ ...m.dependencies, ...m.peerDependencies })
const domain = manifest("packages/domain")
for (const dep of deps(domain)) {
  if (!["effect", "fast-check"].includes(dep)) problems.push(`packages/domain/package.json: depends on ${dep}`)
}
for (const p of ["packages/adapters", "packages/domain"]) {
  for (const dep of deps(manifest(p))) {
    if (dep.startsWith("@chatshop/app-")) problems.push(`${p}/package.json: depends on an app (${dep})`)
  }
}

if (problems.length > 0) {
  console.error(`dependency rule broken (SPEC §1):\n${problems.map((p) => `  ${p}`).join("\n")}`)
  process.exit(1)
}
console.log("dependency rule holds: domain imports only effect; nothing imports an app")
