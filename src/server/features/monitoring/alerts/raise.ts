import type { Queryable } from "../../../platform/db/database";

/** One condition the rules engine found for one activation (the engine's AlertEvent, with where it belongs). */
export type AlertEventForActivation = {
  agencyId: string;
  activationId: string;
  caseId: string;
  event: {
    kind: string;
    severity: "high" | "medium" | "low";
    zoneId?: string | undefined;
    eventTime: Date;
    reading?: { sequence: number; latitude: number | null; longitude: number | null } | undefined;
    detail: string;
  };
};

export type RaisedAlert = { id: string; agencyId: string; caseId: string; kind: string; severity: string; folded: boolean };

/** Repeats of one kind for one activation (and zone) this close together fold into the open alert. */
const FOLD_WINDOW_MINUTES = 30;

/**
 * The one way alerts enter the database, called in the transaction that stores the readings or timer state they
 * rest on, so an acknowledged reading never loses its alert. A repeat of an open alert of the same kind and zone
 * within the fold window counts on that alert instead of raising another.
 */
export async function recordAlertEvents(tx: Queryable, items: readonly AlertEventForActivation[], now: Date): Promise<RaisedAlert[]> {
  const raised: RaisedAlert[] = [];
  for (const { agencyId, activationId, caseId, event } of items) {
    const [folded] = await tx.query<{ id: string }>(
      `UPDATE monitoring_alert SET occurrences = occurrences + 1, last_event_at = GREATEST(last_event_at, $4), updated_at = $5
        WHERE id = (SELECT id FROM monitoring_alert
          WHERE activation_id = $1 AND alert_kind = $2 AND zone_id IS NOT DISTINCT FROM $3 AND status <> 'resolved'
            AND last_event_at >= $4::timestamptz - make_interval(mins => ${FOLD_WINDOW_MINUTES})
          ORDER BY last_event_at DESC LIMIT 1)
        RETURNING id`,
      [activationId, event.kind, event.zoneId ?? null, event.eventTime, now],
    );
    if (folded) {
      raised.push({ id: folded.id, agencyId, caseId, kind: event.kind, severity: event.severity, folded: true });
      continue;
    }
    const [inserted] = await tx.query<{ id: string }>(
      `INSERT INTO monitoring_alert (agency_id, activation_id, case_id, alert_kind, severity, zone_id, event_at, raised_at,
          last_event_at, reading_sequence, latitude, longitude, detail, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7, $9, $10, $11, $12, $8) RETURNING id`,
      [
        agencyId,
        activationId,
        caseId,
        event.kind,
        event.severity,
        event.zoneId ?? null,
        event.eventTime,
        now,
        event.reading?.sequence ?? null,
        event.reading?.latitude ?? null,
        event.reading?.longitude ?? null,
        event.detail,
      ],
    );
    raised.push({ id: inserted!.id, agencyId, caseId, kind: event.kind, severity: event.severity, folded: false });
  }
  return raised;
}
