// `pnpm start`: embedded mode. The server and worker arrive with issues 4 and 5; until then say so plainly.
console.log("chatshop: the domain library is ready (packages/domain); the runnable server arrives with issue 4/5.")
console.log("Try the embedded example instead: node examples/embed.ts")
