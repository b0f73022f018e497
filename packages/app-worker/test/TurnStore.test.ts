import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { TurnRecord } from "../src/TurnStore.ts"

const decode = Schema.decodeUnknownSync(Schema.fromJsonString(TurnRecord))

const recordWith = (images: ReadonlyArray<unknown>) =>
  JSON.stringify({
    pending: [{ platformMessageId: "wamid.1", messageId: "msg-1", text: "", images, at: 1 }],
    handled: [],
    dialog: null
  })

describe("the turn record's pending images", () => {
  it("are the platform's image as it came: a link or a media id, with its type", () => {
    const images = [{ mediaId: "1048576", mimeType: "image/jpeg" }, { url: "https://cdn.example/receipt.jpg" }]
    assert.deepStrictEqual(decode(recordWith(images)).pending[0]!.images, images)
  })

  it("written by older workers as strings (`media:<id>` or a link), still read as images", () => {
    const legacy = decode(recordWith(["media:1048576", "https://cdn.example/receipt.jpg"]))
    assert.deepStrictEqual(legacy.pending[0]!.images, [
      { mediaId: "1048576" },
      { url: "https://cdn.example/receipt.jpg" }
    ])
  })
})
