// `npm start` and `npm test` on a machine that has only Node (18 or newer) and npm: get a Node
// >= 22.19 (Node 24 from the npm registry when `node` is older), the pnpm of package.json's
// packageManager (from the npm registry; Corepack is not needed), run the locked install when
// node_modules does not match pnpm-lock.yaml, then `pnpm run <script> [args…]` with both on PATH.
// Plain Node 18 JavaScript on purpose: it runs before any of the toolchain exists.
//
//   node scripts/bootstrap.mjs <root script> [args…]   e.g. start:embedded, test:all
//   node scripts/bootstrap.mjs --node                   prints the Node it would use (path and version)
//
// Tools are cached in $CHATSHOP_TOOLS_DIR (default ~/.cache/chatshop-tools).
import { spawn, spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { homedir } from "node:os"
import { delimiter, dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const tools = process.env.CHATSHOP_TOOLS_DIR || join(homedir(), ".cache", "chatshop-tools")
const MINIMUM = [22, 19]
const NODE_MAJOR = 24

const say = (line) => process.stderr.write(`chatshop: ${line}\n`)
const stop = (line) => {
  say(line)
  process.exit(1)
}

const recentEnough = (version) => {
  const [major, minor] = String(version).replace(/^v/, "").split(".").map(Number)
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1])
}

const versionOf = (node) => {
  if (!existsSync(node)) return undefined
  const run = spawnSync(node, ["--version"], { encoding: "utf8" })
  return run.status === 0 ? run.stdout.trim() : undefined
}

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, "utf8"))
  } catch {
    return undefined
  }
}

/** `npm install --prefix <dir> <spec>`, quiet unless it fails. The npm that runs us when there is one. */
const npmInstall = (dir, spec) => {
  const execPath = process.env.npm_execpath
  const [command, args] =
    execPath !== undefined && /npm-cli\.js$/.test(execPath)
      ? [process.execPath, [execPath]]
      : [process.platform === "win32" ? "npm.cmd" : "npm", []]
  const run = spawnSync(
    command,
    [...args, "install", "--prefix", dir, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", spec],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }
  )
  if (run.error !== undefined) stop(`cannot run npm to install ${spec}: ${run.error.message}`)
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr)
    stop(`npm install ${spec} failed (exit ${run.status})`)
  }
}

/** A Node >= 22.19: the one running us, else Node 24 in the tools dir (installed once). */
const pickNode = () => {
  if (recentEnough(process.versions.node)) return { path: process.execPath, version: process.version }
  const cached = join(tools, "node_modules", "node", "bin", "node")
  let version = versionOf(cached)
  if (version === undefined || !recentEnough(version)) {
    say(`node ${process.version} is older than ${MINIMUM.join(".")}: getting Node ${NODE_MAJOR} from the npm registry…`)
    npmInstall(tools, `node@${NODE_MAJOR}`)
    version = versionOf(cached)
    if (version === undefined || !recentEnough(version)) stop(`no usable Node ${NODE_MAJOR} at ${cached}`)
  }
  return { path: cached, version }
}

/** pnpm.cjs of package.json's packageManager version: the pnpm running us, else the tools dir's. */
const pickPnpm = () => {
  const wanted = String(readJson(join(root, "package.json"))?.packageManager ?? "")
    .replace(/^pnpm@/, "")
    .split("+")[0]
  if (!/^\d+\.\d+\.\d+/.test(wanted)) stop(`package.json's packageManager is not "pnpm@<version>"`)
  const versionAt = (cjs) => readJson(join(dirname(cjs), "..", "package.json"))?.version
  const running = process.env.npm_execpath
  if (running !== undefined && /pnpm\.c?js$/.test(running) && versionAt(running) === wanted) return running
  const cached = join(tools, "pnpm", "node_modules", "pnpm", "bin", "pnpm.cjs")
  if (versionAt(cached) !== wanted) {
    say(`getting pnpm ${wanted} from the npm registry…`)
    npmInstall(join(tools, "pnpm"), `pnpm@${wanted}`)
    if (versionAt(cached) !== wanted) stop(`no pnpm ${wanted} at ${cached}`)
  }
  return cached
}

/** pnpm keeps a copy of the lockfile it installed; equal to pnpm-lock.yaml = nothing to install. */
const installed = () => {
  try {
    return readFileSync(join(root, "node_modules", ".pnpm", "lock.yaml")).equals(
      readFileSync(join(root, "pnpm-lock.yaml"))
    )
  } catch {
    return false
  }
}

const main = (argv) => {
  if (argv[0] === "--node") {
    const node = pickNode()
    process.stdout.write(`${node.path} ${node.version}\n`)
    return
  }
  if (argv.length === 0) stop("usage: node scripts/bootstrap.mjs <script> [args…]")
  const node = pickNode()
  const pnpm = pickPnpm()
  // Scripts run `node` and `pnpm` from PATH: put these first.
  const env = {
    ...process.env,
    PATH: [dirname(node.path), join(dirname(pnpm), "..", "..", ".bin"), process.env.PATH ?? ""].join(delimiter)
  }
  const pnpmArgs = (args) => [pnpm, ...args]
  if (!installed()) {
    say("installing dependencies (pnpm install --frozen-lockfile)…")
    const install = spawnSync(node.path, pnpmArgs(["install", "--frozen-lockfile"]), {
      cwd: root,
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024
    })
    if (install.status !== 0) {
      process.stderr.write(install.stdout + install.stderr)
      stop(`pnpm install --frozen-lockfile failed (exit ${install.status ?? install.signal})`)
    }
  }
  run(node.path, env, pnpmArgs, argv)
}

/**
 * A script that is one `node <file>` command (`start:embedded`) runs as our own child, so we wait
 * for its graceful stop and exit with its code (0 after Ctrl-C or SIGTERM); anything else runs
 * through `pnpm run`. Either way the child has a process group of its own (pnpm does not pass
 * signals on to the script it runs) and a stop signal goes to the whole group, once.
 */
const run = (nodePath, env, pnpmArgs, [script, ...args]) => {
  const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts ?? {}
  const direct = /^node\s+(\S+)$/.exec(scripts[script] ?? "")
  const command = direct === null ? pnpmArgs(["run", script, ...args]) : [direct[1], ...args]
  const child = spawn(nodePath, command, { cwd: root, env, stdio: "inherit", detached: true })
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      try {
        process.kill(-child.pid, signal)
      } catch {
        // the child is gone already
      }
    })
  }
  child.on("exit", (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal)
      process.kill(process.pid, signal)
    } else process.exit(code ?? 1)
  })
}

main(process.argv.slice(2))
