import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactRequirementKinds } from "../../../shared/contract/contacts";
import { taskKinds } from "../../../shared/contract/tasks";
import { createTestDatabase, engineName, type TestDatabase } from "../../test-support/harness";
import { supervisionEventKinds } from "../events/supervision-events";
import { migrate } from "./migrate";

// Several capabilities widen the same CHECK lists (task kinds, event kinds) in their own migrations, each dropping and
// re-creating the constraint: a migration written beside another can drop the other's kinds. The code's lists and the
// database's must be the same set after every migration has run.
describe(`kind lists in the database and in the code (${engineName})`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
    await migrate(test.db);
  });
  afterAll(async () => test?.drop());

  async function allowedValues(table: string, constraint: string): Promise<string[]> {
    const [row] = await test.db.query<{ definition: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS definition FROM pg_constraint c
        WHERE c.conrelid = $1::regclass AND c.conname = $2`,
      [table, constraint],
    );
    expect(row, `${table}.${constraint} exists`).toBeDefined();
    return [...row!.definition.matchAll(/'([a-z_]+)'::text/g)].map((match) => match[1]!).sort();
  }

  it.each([
    ["task", "task_kind_check", taskKinds],
    ["supervision_event", "supervision_event_kind_check", supervisionEventKinds],
    ["contact_requirement", "contact_requirement_kind_check", contactRequirementKinds],
  ] as const)("%s.%s allows exactly the code's kinds", async (table, constraint, kinds) => {
    expect(await allowedValues(table, constraint)).toEqual([...kinds].sort());
  });
});
