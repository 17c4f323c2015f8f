// Issue 15, polls that cost almost nothing when nothing changed. Every write the citizen could see changes
// appeals.version (the ETag of their status poll) and tells every API process which appeal (or session)
// changed, so each can answer If-None-Match from memory (server/appeals/change-feed.ts).
//
// Triggers rather than calls in the services: every writer — transitions, corrections, supplements, the
// sweeps, the CLIs, tests that edit rows — is covered without having to remember it.
// The version is random, not a counter: a value written by a transaction that rolled back is never seen
// again for a different state.
// SQLite: a change_feed table (id order) read by each process when PRAGMA data_version says something was
// committed; it keeps the last FEED_KEEP rows. PostgreSQL: NOTIFY on channel change_feed, sent at commit.
import { sql, type Kysely } from 'kysely'
import { serialPrimaryKey, type DialectName } from '../dialect'

export const name = '010_change_feed'

/** rows the SQLite feed keeps; a process further behind than this drops its caches */
export const FEED_KEEP = 20_000

/** the tables whose rows are part of what the citizen sees of an appeal */
const CHILD_TABLES = ['appeal_events', 'appeal_tests', 'corrections'] as const

export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .alterTable('appeals')
    .addColumn('version', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  if (dialect === 'postgres') await postgres(db)
  else await sqlite(db)
}

async function sqlite(db: Kysely<any>): Promise<void> {
  const pk = serialPrimaryKey('sqlite')
  await db.schema
    .createTable('change_feed')
    .addColumn('id', pk.type, pk.build)
    // 'a' an appeal (ref = appeal id, owner = citizen id), 's' a session (ref = token hash)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .execute()
  const newVersion = sql.raw('abs(random() % 9007199254740991)')
  // recursive_triggers is off: the inner UPDATE does not fire this trigger again
  await sql`CREATE TRIGGER appeals_changed AFTER UPDATE ON appeals BEGIN
      UPDATE appeals SET version = ${newVersion} WHERE id = NEW.id;
      INSERT INTO change_feed (kind, ref, owner) VALUES ('a', NEW.id, NEW.citizen_id);
    END`.execute(db)
  await sql`CREATE TRIGGER appeals_inserted AFTER INSERT ON appeals BEGIN
      INSERT INTO change_feed (kind, ref, owner) VALUES ('a', NEW.id, NEW.citizen_id);
    END`.execute(db)
  await sql`CREATE TRIGGER appeals_deleted AFTER DELETE ON appeals BEGIN
      INSERT INTO change_feed (kind, ref, owner) VALUES ('a', OLD.id, OLD.citizen_id);
    END`.execute(db)
  for (const t of CHILD_TABLES) {
    for (const [op, rec] of [['INSERT', 'NEW'], ['UPDATE', 'NEW'], ['DELETE', 'OLD']] as const) {
      await sql`CREATE TRIGGER ${sql.raw(`${t}_${op.toLowerCase()}_bumps`)} AFTER ${sql.raw(op)} ON ${sql.table(t)} BEGIN
          UPDATE appeals SET version = ${newVersion} WHERE id = ${sql.raw(rec)}.appeal_id;
        END`.execute(db)
    }
  }
  await sql`CREATE TRIGGER sessions_ended AFTER DELETE ON sessions BEGIN
      INSERT INTO change_feed (kind, ref) VALUES ('s', OLD.token_hash);
    END`.execute(db)
  await sql`CREATE TRIGGER sessions_changed AFTER UPDATE OF expires_at, kind, subject_id ON sessions BEGIN
      INSERT INTO change_feed (kind, ref) VALUES ('s', OLD.token_hash);
    END`.execute(db)
  await sql`CREATE TRIGGER change_feed_keep AFTER INSERT ON change_feed BEGIN
      DELETE FROM change_feed WHERE id <= NEW.id - ${sql.lit(FEED_KEEP)};
    END`.execute(db)
}

async function postgres(db: Kysely<any>): Promise<void> {
  await sql`CREATE FUNCTION appeals_new_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.version := floor(random() * 9007199254740991)::bigint;
      RETURN NEW;
    END $$`.execute(db)
  await sql`CREATE TRIGGER appeals_new_version BEFORE UPDATE ON appeals FOR EACH ROW EXECUTE FUNCTION appeals_new_version()`.execute(db)
  await sql`CREATE FUNCTION appeals_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      PERFORM pg_notify('change_feed', 'a:' || r.id || ':' || r.citizen_id);
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE TRIGGER appeals_notify AFTER INSERT OR UPDATE OR DELETE ON appeals FOR EACH ROW EXECUTE FUNCTION appeals_notify()`.execute(db)
  // the BEFORE trigger above gives the row its new version (and the AFTER one tells the other processes)
  await sql`CREATE FUNCTION appeal_child_bumps() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE r record;
    BEGIN
      IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
      UPDATE appeals SET version = version WHERE id = r.appeal_id;
      RETURN NULL;
    END $$`.execute(db)
  for (const t of CHILD_TABLES) {
    await sql`CREATE TRIGGER ${sql.raw(`${t}_bumps`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(t)} FOR EACH ROW EXECUTE FUNCTION appeal_child_bumps()`.execute(db)
  }
  await sql`CREATE FUNCTION sessions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('change_feed', 's:' || OLD.token_hash);
      RETURN NULL;
    END $$`.execute(db)
  await sql`CREATE TRIGGER sessions_notify AFTER DELETE OR UPDATE OF expires_at, kind, subject_id ON sessions FOR EACH ROW EXECUTE FUNCTION sessions_notify()`.execute(db)
}
