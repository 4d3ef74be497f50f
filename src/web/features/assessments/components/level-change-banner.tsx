import { Alert } from "../../../components/ui";
import { formatDate } from "../../../lib/format";
import { levelLabels, standardKindLabels } from "../../../lib/supervision-labels";
import { type CaseAssessments, useCaseAssessments } from "../api/assessments";
import { perPeriod } from "../lib/answer-form";

type Notice = NonNullable<CaseAssessments["levelChange"]>;

const causeWords: Record<Notice["cause"], string> = {
  assessment: "after an assessment",
  override: "by an approved override",
  manual: "on the Supervision form",
  event: "after a supervision event",
  violation_response: "by a violation response",
};

/** One line per kind of contact whose requirement changed: "Face-to-face contacts: 4 a month → 2 a month". */
export function obligationChanges(notice: Notice): string[] {
  const kinds = [...new Set([...notice.before, ...notice.after].map((requirement) => requirement.kind))];
  return kinds.flatMap((kind) => {
    const before = notice.before.find((requirement) => requirement.kind === kind);
    const after = notice.after.find((requirement) => requirement.kind === kind);
    const words = (requirement: typeof before) => (requirement ? perPeriod(requirement.count, requirement.periodMonths) : "none");
    if (words(before) === words(after)) return [];
    return [`${standardKindLabels[kind]}: ${words(before)} → ${words(after)}`];
  });
}

/**
 * For 7 days after the case's supervision level changed: what changed in the officer's contact obligations. The same
 * query as the Assessments section, so completing an assessment or approving an override shows it at once.
 */
export function LevelChangeBanner({ caseId }: { caseId: string }) {
  const { data } = useCaseAssessments(caseId);
  const notice = data?.levelChange;
  if (!notice) return null;
  const changes = obligationChanges(notice);
  return (
    <div className="margin-top-2">
      <Alert
        type="info"
        heading={`Supervision level changed from ${levelLabels[notice.from].toLowerCase()} to ${levelLabels[notice.to].toLowerCase()}`}
        headingLevel="h2"
        role="status"
      >
        <p className="margin-top-05">
          On {formatDate(notice.effectiveOn)}, {causeWords[notice.cause]}
          {notice.changedBy ? ` (${notice.changedBy})` : ""}. Your contact obligations from that day, prorated for this period:
        </p>
        {changes.length > 0 ? (
          <ul className="usa-list">
            {changes.map((change) => (
              <li key={change}>{change}</li>
            ))}
          </ul>
        ) : (
          <p>The contact standards are the same at both levels.</p>
        )}
      </Alert>
    </div>
  );
}
