import type { ApprovalItem } from "../../../shared/contract/approvals";
import type { Queryable } from "../../platform/db/database";
import { instantText } from "../../platform/db/sql";

type ApprovalRow = { item: ApprovalItem; requested_by: string | null };

/**
 * The standing approval tasks of the unit's supervisors on the unit's cases that the reader may see (the filter),
 * each with the request it is for: a condition modification request, an assessment override, a violation response
 * (a departure or one to the authority), an early-discharge or a revocation recommendation, and who asked. Oldest due first
 * (an emergency revocation is due the day it is submitted).
 */
export async function listStandingApprovals(
  db: Queryable,
  input: { unitId: string; filter: { sql: string; params: unknown[] } },
): Promise<ApprovalRow[]> {
  return db.query<ApprovalRow>(
    `SELECT coalesce(cr.created_by, ao.requested_by, vr.proposed_by, ed.decided_by, rr.created_by) AS requested_by,
            json_build_object(
              'taskId', t.id,
              'kind', CASE t.source_type WHEN 'condition_modification_request' THEN 'condition_request'
                                         WHEN 'assessment_override' THEN 'assessment_override'
                                         WHEN 'early_discharge_recommendation' THEN 'early_discharge'
                                         WHEN 'revocation_recommendation' THEN 'revocation' ELSE 'violation_response' END,
              'caseId', c.id, 'caseNumber', c.case_number, 'personId', p.id, 'personName', p.first_name || ' ' || p.last_name,
              'officerName', o.display_name,
              'requestedByName', requester.display_name,
              'requestedAt', ${instantText("coalesce(cr.created_at, ao.requested_at, vr.proposed_at, ed.decided_at, rr.submitted_at)")},
              'dueOn', to_char(t.due_on, 'YYYY-MM-DD'),
              'reason', coalesce(cr.justification, ao.reason, vr.departure_reason, ed.reason, rr.emergency_reason, rr.alternatives_note),
              'conditionChange', cr.change, 'conditionName', ct.title,
              'assessedLevel', ao.assessed_level, 'requestedLevel', ao.requested_level,
              'response', vr.response, 'withinMatrix', vr.within_matrix, 'authorityName', coalesce(ed.authority_name, rr.authority_name),
              'emergency', rr.emergency) AS item
       FROM task t
       JOIN supervision_case c ON c.id = t.case_id
       JOIN person p ON p.id = c.person_id
       JOIN app_user o ON o.id = c.officer_id
       LEFT JOIN condition_modification_request cr ON t.source_type = 'condition_modification_request' AND cr.id = t.source_id
       LEFT JOIN condition_type ct ON ct.id = cr.condition_type_id
       LEFT JOIN assessment_override ao ON t.source_type = 'assessment_override' AND ao.id = t.source_id
       LEFT JOIN violation_response vr ON t.source_type = 'violation_response' AND vr.id = t.source_id
       LEFT JOIN early_discharge_decision ed ON t.source_type = 'early_discharge_recommendation' AND ed.id = t.source_id
       LEFT JOIN revocation_recommendation rr ON t.source_type = 'revocation_recommendation' AND rr.id = t.source_id
       LEFT JOIN app_user requester ON requester.id = coalesce(cr.created_by, ao.requested_by, vr.proposed_by, ed.decided_by, rr.created_by)
      WHERE c.unit_id = $1 AND t.owner = 'unit_supervisors' AND t.status IN ('open', 'snoozed')
        AND t.kind IN ('approval_requested', 'response_approval_requested', 'early_discharge_approval_requested',
                       'revocation_decision_requested', 'revocation_emergency_decision')
        AND t.source_type IN ('condition_modification_request', 'assessment_override', 'violation_response', 'early_discharge_recommendation',
                              'revocation_recommendation')
        AND ${input.filter.sql}
      ORDER BY t.due_on, t.created_at, t.id`,
    [input.unitId, ...input.filter.params],
  );
}
