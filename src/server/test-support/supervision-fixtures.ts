import { randomBytes } from "node:crypto";
import type { Client } from "./harness";

/** A valid intake body with unique identifiers; override what the test is about. */
export function intakeFor(overrides: { person?: Record<string, unknown>; case?: Record<string, unknown> } = {}) {
  const unique = randomBytes(4).toString("hex").toUpperCase();
  return {
    person: {
      firstName: "Jordan",
      lastName: `Rivera${unique}`,
      dateOfBirth: "1990-04-12",
      agencyPersonNumber: `A-${unique}`,
      stateId: `SID-${unique}`,
      ...overrides.person,
    },
    case: {
      caseNumber: `C-${unique}`,
      supervisionType: "probation",
      authorityName: "Superior Court, Demo County",
      docketNumber: `CR-2026-${unique}`,
      supervisionStart: "2026-01-05",
      expectedEnd: "2028-01-04",
      supervisionLevel: "moderate",
      riskLevel: "moderate",
      offenses: [{ description: "Burglary, second degree", severity: "felony", statute: "PC 459" }],
      ...overrides.case,
    },
  };
}

export async function intake(client: Client, overrides: Parameters<typeof intakeFor>[0] = {}) {
  const response = await client.post("/api/v1/people", intakeFor(overrides));
  if (response.statusCode !== 201) throw new Error(`intake failed: ${response.statusCode} ${response.body}`);
  return response.json() as { personId: string; caseId: string };
}

/** The case's current version, as the person page reads it (a transfer or co-officer change sends it back). */
export async function caseVersion(client: Client, caseId: string): Promise<number> {
  const { personId } = (await client.get(`/api/v1/cases/${caseId}`)).json() as { personId: string };
  const record = (await client.get(`/api/v1/people/${personId}`)).json() as { cases: { id: string; version: number }[] };
  const found = record.cases.find((candidate) => candidate.id === caseId);
  if (!found) throw new Error(`case ${caseId} not readable by this client`);
  return found.version;
}
