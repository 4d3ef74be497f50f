// The violations capability as a consumer of supervision events: each non-compliance event becomes a violation, or
// joins the open violation of its episode (the no-show and the missed appointment it was recorded against; two
// results of one drug test). When an event is withdrawn (a lab overturns the result, an outcome is corrected), its
// evidence is marked withdrawn; a violation left with no standing evidence is withdrawn, saying why. It runs in the
// delivery's transaction, so each delivery changes the violations exactly once.
import { type ViolationType, violationTypeLabels, violationTypes } from "../../../shared/contract/violations";
import { appendAudit } from "../../platform/audit/audit";
import type { EventConsumer, SupervisionEvent, SupervisionEventKind } from "../../platform/events/supervision-events";
import { moreSevere } from "./response-matrix";
import { cancelResponsesOf, loadSettings } from "./violations";
import * as queries from "./violations.queries";

/**
 * The event kinds that are violations: every violation type but `other` (the achievements are not; police contacts
 * are facts to weigh, kept as one).
 */
export const violationEventKinds = violationTypes.filter(
  (type): type is Exclude<ViolationType, "other"> => type !== "other",
) satisfies readonly SupervisionEventKind[];
type ViolationEventKind = (typeof violationEventKinds)[number];

const system = { actorUserId: null, actorUsername: "system", sessionRef: null, ip: null, userAgent: "violation event consumer" };

/** The records an event concerns, so events of one episode find each other. */
export function episodeKeys(event: Pick<SupervisionEvent, "sourceType" | "sourceId" | "details">): string[] {
  const keys = [`${event.sourceType}:${event.sourceId}`];
  const details = event.details as { contactId?: unknown } | null;
  if (details && typeof details.contactId === "string") keys.push(`contact:${details.contactId}`);
  return keys;
}

export const violationEventConsumer: EventConsumer = {
  name: "violations",
  kinds: violationEventKinds,
  async handle(tx, { delivery, event, now }) {
    const kind = event.kind as ViolationEventKind;
    // A dilute specimen is a violation only where the agency counts it as positive (testing sets countsAsPositive); a
    // withdrawal is always handled (an overturn clears countsAsPositive first).
    if (delivery === "raised" && kind === "dilute_test" && !event.countsAsPositive) return;
    const facts = await queries.findCaseFacts(tx, event.caseId);
    if (!facts) return;
    const audit = (action: string, violationId: string, details: Record<string, string | null>) =>
      appendAudit(
        tx,
        { agencyId: facts.agency_id, ...system },
        {
          action,
          outcome: "allowed",
          recordType: "violation",
          recordId: violationId,
          justification: `supervision event ${event.kind} ${delivery}`,
          details: { eventId: event.id, caseId: event.caseId, ...details },
        },
        now,
      );

    // One delivery of a case at a time (two events of one episode find each other); the case before its violations,
    // the order the service locks them in.
    await queries.lockCase(tx, event.caseId);
    if (delivery === "raised") {
      // An enforcement decision recorded with the outcome made the violation in the event's own transaction.
      if (await queries.findViolationOfEvent(tx, event.id)) return;
      const { severities } = await loadSettings(tx, facts.agency_id);
      const severity = severities[kind];
      const keys = episodeKeys(event);
      const episode = await queries.findOpenViolationOfEpisode(tx, event.caseId, keys);
      let violationId: string;
      if (episode) {
        violationId = episode.id;
        await queries.setViolationState(tx, violationId, {
          status: "open",
          statusReason: null,
          severity: moreSevere(episode.severity, severity),
          by: null,
          now,
        });
      } else {
        violationId = await queries.insertViolation(tx, {
          agencyId: facts.agency_id,
          caseId: event.caseId,
          type: kind,
          severity,
          occurredAt: event.occurredAt,
          description: null,
          recordedBy: null,
          now,
        });
      }
      await queries.insertEvidence(tx, {
        violationId,
        eventId: event.id,
        eventKind: event.kind,
        sourceType: event.sourceType,
        sourceId: event.sourceId,
        occurredAt: event.occurredAt,
        episodeKeys: keys,
        severity,
        now,
      });
      await audit(episode ? "violation.evidence_added" : "violation.created", violationId, { kind: event.kind });
      return;
    }

    const violationId = await queries.withdrawEvidenceOfEvent(tx, { eventId: event.id, reason: event.withdrawnReason, now });
    if (!violationId) return;
    const violation = (await queries.lockViolation(tx, violationId))!;
    const standing = await queries.standingEvidenceSeverities(tx, violationId);
    if (standing.length > 0) {
      // Other events of the episode still stand: the violation stays, as serious as what is left.
      await queries.setViolationState(tx, violationId, {
        status: violation.status,
        statusReason: undefined,
        severity: standing.reduce(moreSevere),
        by: null,
        now,
      });
      await audit("violation.evidence_withdrawn", violationId, { kind: event.kind });
      return;
    }
    if (violation.status === "withdrawn") return;
    const reason = `${violationTypeLabels[kind]} withdrawn${event.withdrawnReason ? `: ${event.withdrawnReason}` : ""}`.slice(0, 500);
    await queries.setViolationState(tx, violationId, {
      status: "withdrawn",
      statusReason: reason,
      severity: violation.severity,
      by: null,
      now,
    });
    await cancelResponsesOf(tx, { violationIds: [violationId], reason: `The violation was withdrawn: ${reason}`, by: null, now });
    await audit("violation.withdrawn", violationId, { kind: event.kind, reason });
  },
};
