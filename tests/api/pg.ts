// The API suite runs once on SQLite and, as the `api-pg` project, once on PostgreSQL:
// each server then gets a database of its own, dropped when the server closes.
import { randomBytes } from 'node:crypto'
import { Client } from 'pg'

export function pgWanted(): boolean {
  return process.env.API_STORE === 'postgres'
}

function adminUrl(): string {
  const url = process.env.TEST_PG_URL
  if (!url) throw new Error('API_STORE=postgres needs TEST_PG_URL (a role that may CREATE DATABASE)')
  return url
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `appeal_t_${randomBytes(6).toString('hex')}`
  await admin((c) => c.query(`CREATE DATABASE ${name}`))
  const url = new URL(adminUrl())
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: () => dropDatabase(name)
  }
}

/**
 * Drops a test database. WITH (FORCE) cannot end sessions of other roles (an autovacuum worker may be
 * visiting), so a refusal is retried briefly and then left: a stray test database is harmless.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
      return
    } catch {
      await new Promise((r) => setTimeout(r, 200))
    }
  }
}
