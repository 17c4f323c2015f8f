// Text read off the screenshots is ciphertext like the applicant fields (issue 13), so the startup key check and
// the backup's list of keys in use must count it: a database whose only ciphertext under some key is a reading
// still needs that key, and a server without it must refuse to start rather than make a new one.
import { checkDataKeys, dataKeyIdsInUse, KeyCheckError } from '../../server/crypto/key-check'
import { client, fileQuickAppeal, startServer, type TestServer } from '../api/helpers'

jest.setTimeout(60_000)

describe('read text in the key checks', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startServer()
    await fileQuickAppeal(client(server.base), 1)
  })
  afterAll(() => server.close())

  it('names the key of a reading that nothing else uses, and refuses a keyring without it', async () => {
    const db = server.app.db
    const before = await dataKeyIdsInUse(db.kysely)
    expect(before).not.toContain('deadbeef')
    const upload = await db.kysely.selectFrom('uploads').select('id').limit(1).executeTakeFirstOrThrow()
    // a reading written under a key this server does not have (an older key, rotated out of the keyring)
    await db.kysely.updateTable('uploads').set({ reading_fields: 'v1:deadbeef:AAAA:BBBB:CCCC' }).where('id', '=', upload.id).execute()

    expect(await dataKeyIdsInUse(db.kysely)).toEqual([...before, 'deadbeef'].sort())
    await expect(checkDataKeys(db, server.config)).rejects.toBeInstanceOf(KeyCheckError)
    await expect(checkDataKeys(db, server.config)).rejects.toThrow(/deadbeef/)
  })
})
