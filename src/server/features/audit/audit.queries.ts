import type { AuditQuery } from "../../../shared/contract/audit";
import type { Queryable } from "../../platform/db/database";

export type AuditEntryRow = {
  id: number;
  occurred_at: Date;
  actor_username: string | null;
  ip: string | null;
  user_agent: string | null;
  action: string;
  record_type: string | null;
  record_id: string | null;
  outcome: "allowed" | "denied" | "failed";
  justification: string | null;
  details: Record<string, unknown> | null;
};

/** Newest first, keyset-paginated on id. Rows without an agency (unknown-user sign-ins) belong to every agency's view. */
export async function searchAudit(
  db: Queryable,
  agencyId: string,
  query: Omit<AuditQuery, "limit">,
  limit: number,
): Promise<AuditEntryRow[]> {
  const params: unknown[] = [agencyId];
  const conditions = ["(agency_id = $1 OR agency_id IS NULL)"];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace("?", `$${params.length}`));
  };
  if (query.from) add("occurred_at >= ?::timestamptz", query.from);
  if (query.to) add("occurred_at < ?::timestamptz", query.to);
  if (query.actor) add("actor_username = ?", query.actor.toLowerCase());
  if (query.action) add("action LIKE ? || '%'", query.action.replace(/[\\%_]/g, "\\$&"));
  if (query.outcome) add("outcome = ?", query.outcome);
  if (query.recordId) add("record_id = ?", query.recordId);
  if (query.cursor) add("id < ?", Number(query.cursor));
  params.push(limit);
  return db.query<AuditEntryRow>(
    `SELECT id, occurred_at, actor_username, ip, user_agent, action, record_type, record_id, outcome, justification, details
       FROM audit_log WHERE ${conditions.join(" AND ")} ORDER BY id DESC LIMIT $${params.length}`,
    params,
  );
}
