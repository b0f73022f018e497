// `npm start` / `npm test` on a machine whose `node` is too old (issue 10): scripts/bootstrap.mjs,
// run by Debian's Node 20 with only /usr/bin and /bin on PATH, picks a Node >= 22.19.
import { execFileSync } from "node:child_process"
import { existsSync } from "node:fs"
import { homedir } from "node:os"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))
const debianNode = "/usr/bin/node"

const atLeast2219 = (version: string) => {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number)
  return major > 22 || (major === 22 && minor >= 19)
}

describe("scripts/bootstrap.mjs picks a Node", () => {
  it("with Debian's Node 20 as `node`, it uses a Node >= 22.19 (Node 24 from the npm registry, cached)", () => {
    expect(existsSync(debianNode), `${debianNode} not found: this test needs Debian's nodejs package`).toBe(true)
    const old = execFileSync(debianNode, ["--version"], { encoding: "utf8" }).trim()
    expect(atLeast2219(old), `${debianNode} is ${old}: the test needs an older one`).toBe(false)

    const env: Record<string, string> = { PATH: "/usr/bin:/bin", HOME: process.env.HOME ?? homedir() }
    if (process.env.CHATSHOP_TOOLS_DIR) env.CHATSHOP_TOOLS_DIR = process.env.CHATSHOP_TOOLS_DIR
    const picked = execFileSync(debianNode, ["scripts/bootstrap.mjs", "--node"], {
      cwd: root,
      env,
      encoding: "utf8",
      timeout: 300_000
    }).trim()
    const [path = "", version = ""] = picked.split(" ")
    expect(path).not.toBe(debianNode)
    expect(path).toMatch(/node_modules\/node\/bin\/node$/)
    expect(atLeast2219(version), picked).toBe(true)
    expect(execFileSync(path, ["--version"], { encoding: "utf8" }).trim()).toBe(version)
  }, 300_000)
})
