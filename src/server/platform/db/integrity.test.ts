import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchAudit } from "../../features/audit/audit.queries";
import { createTestDatabase, engineName, type TestDatabase } from "../../test-support/harness";
import type { Queryable } from "./database";
import { migrate } from "./migrate";

// Migration 007: indexes the queries use, keys that keep a case inside its agency, one link between condition versions.
describe(`schema integrity and indexes (${engineName})`, () => {
  let test: TestDatabase;
  let agencyId: string;

  /** Runs the real query builder's SQL under EXPLAIN and returns the plan as text. */
  const explaining = (db: Queryable): Queryable => ({
    query: async <Row>(sql: string, params?: readonly unknown[]) => {
      const rows = await db.query<Record<string, unknown>>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      return [JSON.stringify(rows[0]?.["QUERY PLAN"])] as Row[];
    },
    exec: (sql) => db.exec(sql),
  });
  const planOf = async (query: Parameters<typeof searchAudit>[2]) =>
    (await searchAudit(explaining(test.db), agencyId, query, 100)).join("") as unknown as string;

  beforeAll(async () => {
    test = await createTestDatabase();
    await migrate(test.db);
    [{ id: agencyId } = { id: "" }] = await test.db.query<{ id: string }>("INSERT INTO agency (name) VALUES ('Integrity') RETURNING id");
    // A year of audit rows (one every ~9 minutes): enough that a full scan costs more than the index.
    await test.db.query(
      `INSERT INTO audit_log (occurred_at, agency_id, actor_username, action, record_type, record_id, outcome, previous_hash, row_hash)
       SELECT timestamptz '2026-01-01' + i * interval '9 minutes', CASE WHEN i % 40 = 0 THEN NULL ELSE $1::uuid END, 'user' || (i % 300),
              CASE WHEN i % 500 = 0 THEN 'field_visit.escalated' ELSE (ARRAY['case.read', 'person.read', 'note.sign', 'auth.sign_in', 'caseload.read'])[1 + i % 5] END,
              'case', 'record-' || (i % 10000), CASE WHEN i % 97 = 0 THEN 'denied' ELSE 'allowed' END, 'x', 'x'
         FROM generate_series(1, 20000) AS i`,
      [agencyId],
    );
    await test.db.exec("ANALYZE audit_log");
  }, 120_000);
  afterAll(() => test.drop());

  it("audit search by record, actor and action prefix uses the audit indexes", async () => {
    const plans = {
      record: await planOf({ recordId: "record-42" }),
      actor: await planOf({ actor: "user7" }),
      action: await planOf({ action: "field_visit." }),
    };
    expect(plans.record).toContain("audit_log_record_id_idx");
    expect(plans.actor).toContain("audit_log_actor_username_idx");
    expect(plans.action).toContain("audit_log_action_idx");
    // Date ranges keep using the time index of 001.
    expect(await planOf({ from: "2026-02-01T00:00:00Z", to: "2026-02-02T00:00:00Z" })).toContain("audit_log_time_idx");
  });

  it("drops the unused note index and indexes drug-test events by source and draw candidates by program", async () => {
    const indexes = (await test.db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")).map(
      (row) => row.indexname,
    );
    expect(indexes).not.toContain("case_note_contact_idx");
    expect(indexes).toEqual(expect.arrayContaining(["supervision_event_source_idx", "random_draw_candidate_program_idx"]));
  });

  it("refuses a case whose unit, officer or person belongs to another agency", async () => {
    const db = test.db;
    const insertAgency = async (name: string) => {
      const [agency] = await db.query<{ id: string }>("INSERT INTO agency (name) VALUES ($1) RETURNING id", [name]);
      const [unit] = await db.query<{ id: string }>("INSERT INTO unit (agency_id, name) VALUES ($1, 'North') RETURNING id", [agency!.id]);
      const [officer] = await db.query<{ id: string }>(
        `INSERT INTO app_user (agency_id, unit_id, username, display_name, roles, password_hash, password_changed_at)
         VALUES ($1, $2, $3, 'Officer', ARRAY['officer'], 'x', now()) RETURNING id`,
        [agency!.id, unit!.id, `officer.${name.toLowerCase()}`],
      );
      const [person] = await db.query<{ id: string }>(
        `INSERT INTO person (agency_id, agency_person_number, first_name, last_name, date_of_birth)
         VALUES ($1, 'P-1', 'Pat', 'Doe', '1990-01-01') RETURNING id`,
        [agency!.id],
      );
      return { agencyId: agency!.id, unitId: unit!.id, officerId: officer!.id, personId: person!.id };
    };
    const home = await insertAgency("Home");
    const other = await insertAgency("Other");
    let caseNumber = 0;
    const insertCase = (ids: typeof home) =>
      db.query(
        `INSERT INTO supervision_case (agency_id, person_id, case_number, supervision_type, authority_name, supervision_start, unit_id, officer_id)
         VALUES ($1, $2, $3, 'probation', 'Court', '2026-01-01', $4, $5)`,
        [ids.agencyId, ids.personId, `C-${++caseNumber}`, ids.unitId, ids.officerId],
      );
    await insertCase(home);
    for (const [foreign, constraint] of [
      ["unitId", "supervision_case_unit_agency_fkey"],
      ["officerId", "supervision_case_officer_agency_fkey"],
      ["personId", "supervision_case_person_agency_fkey"],
    ] as const) {
      await expect(insertCase({ ...home, [foreign]: other[foreign] })).rejects.toThrow(constraint);
    }
  });

  it("keeps one link between condition versions and derives the other", async () => {
    const columns = (
      await test.db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'case_condition'")
    ).map((row) => row.column_name);
    expect(columns).toContain("supersedes");
    expect(columns).not.toContain("superseded_by");
    const [view] = await test.db.query<{ definition: string }>("SELECT pg_get_viewdef('case_condition_version') AS definition");
    expect(view?.definition).toMatch(/supersedes/);
  });
});
