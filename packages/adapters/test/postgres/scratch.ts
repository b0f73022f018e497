import pg from "pg"

/**
 * A database of its own for a test that needs the whole database to itself (a global sweep, an
 * empty schema): created from the test server's URL and dropped afterwards.
 */
export const scratchDatabase = async (baseUrl: string, label: string) => {
  const name = `chatshop_${label}_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl })
      await client.connect()
      try {
        await client.query(`drop database if exists ${name} with (force)`)
      } finally {
        await client.end()
      }
    }
  }
}
