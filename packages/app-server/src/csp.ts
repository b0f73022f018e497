import { createHash } from "node:crypto"

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`

/**
 * A Content-Security-Policy for a self-contained page: only its own inline style and script run
 * (allowed by hash, so no nonce per response), it talks only to this origin, no form posts anywhere;
 * `more` adds the page's own directives.
 */
export const inlinePageCsp = (page: { readonly script: string; readonly style: string }, more: ReadonlyArray<string>) =>
  [
    "default-src 'none'",
    `script-src ${sha256(page.script)}`,
    `style-src ${sha256(page.style)}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    ...more
  ].join("; ")
