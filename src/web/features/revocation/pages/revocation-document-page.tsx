import { Link, useParams } from "react-router";
import { recommendationWords, revocationTitle } from "../../../../shared/contract/revocation";
import { violationTypeLabels } from "../../../../shared/contract/violations";
import { Alert, Button, ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { usePageTitle } from "../../../lib/page-title";
import { useRevocation } from "../api/revocation";
import { HistoryList, RiskText, ViolationsList } from "../components/revocation-parts";

const longDate = (iso: string, timeZone: string) => new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone }).format(new Date(iso));
const longDay = (date: string) =>
  new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));

/** The approved recommendation as the document addressed to the parole board or the court: a printable page. */
export function RevocationDocumentPage() {
  const { id = "" } = useParams();
  const record = useRevocation(id);
  usePageTitle("Revocation recommendation");
  if (record.isPending) return <Loading label="Loading the document…" />;
  if (record.isError) return <ErrorAlert error={record.error} />;
  const data = record.data;
  if (data.status !== "referred")
    return (
      <Alert type="info" slim>
        This recommendation has not been approved to go to the authority.
      </Alert>
    );
  const emergencyOnly = data.emergencyAuthorised && !data.fileCompletedAt;
  return (
    <div className="grid-container padding-y-2">
      <p className="margin-top-0 usa-prose waypoint-screen-only">
        <Link to={paths.revocation.getHref(data.id)}>Back to the file</Link>
      </p>
      <article className="usa-prose maxw-tablet" aria-labelledby="document-heading">
        <p>{data.agencyName}</p>
        <p>{longDate(data.decidedAt!, data.timeZone)}</p>
        <p>To: {data.authorityName}</p>
        <h1 id="document-heading">
          {data.emergencyAuthorised ? "Emergency: " : ""}
          {revocationTitle(data.authority)}
        </h1>
        <p>
          Re: {data.personName}, case {data.caseNumber}.
        </p>
        {data.emergencyAuthorised ? (
          <p>
            <strong>Emergency detention or warrant request.</strong> The risk is immediate: {data.emergencyReason}
            {emergencyOnly ? ` The full report follows by ${longDay(data.fileDueOn!)}.` : ""}
          </p>
        ) : null}
        <h2>Recommendation</h2>
        <p data-testid="document-recommendation">
          {data.recommendation ? recommendationWords(data.recommendation, data.authority) : "Detention pending the full report"}.
        </p>
        <h2>Violations</h2>
        <ViolationsList record={data} />
        {data.facts ? (
          <>
            <h2>Facts</h2>
            <p className="text-pre-wrap">{data.facts}</p>
          </>
        ) : null}
        <h2>Responses and alternatives tried</h2>
        <HistoryList record={data} />
        {data.alternativesNote ? <p className="text-pre-wrap">Why they were not enough: {data.alternativesNote}</p> : null}
        <h2>Current risk</h2>
        <RiskText record={data} />
        <h2>Review</h2>
        <p>
          Discussed with the supervisor on {data.discussion ? longDay(data.discussion.discussedOn) : "—"}; approved by {data.decidedByName}.
        </p>
        <p>
          {data.createdByName}, officer{data.officerName !== data.createdByName ? ` (supervising officer: ${data.officerName})` : ""}
        </p>
        <p className="font-sans-3xs">
          Violations of type {data.violations.map((violation) => violationTypeLabels[violation.type].toLowerCase()).join(", ")} are referred
          to the authority with this recommendation.
        </p>
      </article>
      <Button className="waypoint-screen-only" onClick={() => window.print()}>
        Print the document
      </Button>
    </div>
  );
}

/** The no-revocation letter to the person, in plain words: what was decided and what they must do now. */
export function NoRevocationLetterPage() {
  const { id = "" } = useParams();
  const record = useRevocation(id);
  usePageTitle("Letter: no revocation");
  if (record.isPending) return <Loading label="Loading the letter…" />;
  if (record.isError) return <ErrorAlert error={record.error} />;
  const data = record.data;
  if (data.status !== "no_revocation")
    return (
      <Alert type="info" slim>
        This recommendation was not decided as no revocation.
      </Alert>
    );
  const who = data.authority === "parole_board" ? "the parole board" : "the court";
  return (
    <div className="grid-container padding-y-2">
      <p className="margin-top-0 usa-prose waypoint-screen-only">
        <Link to={paths.revocation.getHref(data.id)}>Back to the file</Link>
      </p>
      <article className="usa-prose maxw-tablet" aria-labelledby="letter-heading">
        <p>{data.agencyName}</p>
        <p>{longDate(data.decidedAt!, data.timeZone)}</p>
        <p>To: {data.personName}</p>
        <h1 id="letter-heading">Your supervision continues</h1>
        <p>
          We looked at {data.violations.length === 1 ? "a violation" : "violations"} of your supervision:{" "}
          {data.violations.map((violation) => violationTypeLabels[violation.type].toLowerCase()).join(", ")}. We decided not to ask {who} to{" "}
          {data.authority === "parole_board" ? "recall you" : "revoke your probation"} at this time.
        </p>
        <h2>What you must do now</h2>
        <p className="text-pre-wrap" data-testid="letter-instructions">
          {data.instructions}
        </p>
        <p>
          If there are more violations, we may ask {who} to {data.authority === "parole_board" ? "recall you" : "revoke your probation"}.
        </p>
        <p>If you have questions about this letter, speak with your supervising officer.</p>
        <p>{data.officerName}, supervising officer</p>
      </article>
      <Button className="waypoint-screen-only" onClick={() => window.print()}>
        Print the letter
      </Button>
    </div>
  );
}
