// The fake channel of SPEC §8 B6 in its own process (so the client's load does not delay the
// platform's clock): a WhatsApp mock enforcing the limits it is told over IPC, answering "stats"
// with the arrival times it saw.
import { ChannelMocks } from "../packages/adapters/src/channels/index.ts"

interface Start {
  readonly type: "start"
  readonly limits: ChannelMocks.MockLimits
}

const send = (message: unknown) => process.send?.(message)

let mock: ChannelMocks.MockPlatform | undefined

process.on("message", async (message: Start | { readonly type: "stats" | "stop" }) => {
  if (message.type === "start") {
    mock = await ChannelMocks.startMockPlatform(ChannelMocks.whatsapp, { limits: message.limits })
    send({ type: "ready", url: mock.url })
  } else if (message.type === "stats" && mock !== undefined) {
    send({
      type: "stats",
      requests: mock.requests.map((r) => r.receivedAt),
      delivered: mock.delivered().map((r) => r.receivedAt),
      violations: mock.limitViolations()
    })
  } else if (message.type === "stop") {
    await mock?.close()
    process.exit(0)
  }
})
