import { Schema } from "effect"
import { ChannelAccountId } from "../shared/Ids.ts"

/** Another account (of any shop) already answers to this webhook key: webhooks could not tell them apart. */
export class ChannelKeyTaken extends Schema.TaggedError<ChannelKeyTaken>()("ChannelKeyTaken", {
  channel: Schema.String,
  key: Schema.String
}) {}

export class ChannelAccountExists extends Schema.TaggedError<ChannelAccountExists>()("ChannelAccountExists", {
  id: ChannelAccountId
}) {}

/** The account lacks what its type needs (SPEC §5 channel shapes): the admin API answers 422. */
export class InvalidChannelAccount extends Schema.TaggedError<InvalidChannelAccount>()("InvalidChannelAccount", {
  missing: Schema.Array(Schema.String)
}) {}
