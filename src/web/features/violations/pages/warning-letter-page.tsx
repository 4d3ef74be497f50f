import { Link, useParams } from "react-router";
import { responseKindInfo, violationTypeLabels } from "../../../../shared/contract/violations";
import { Button, ErrorAlert, Loading } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { usePageTitle } from "../../../lib/page-title";
import { useWarningLetter } from "../api/violations";

/** A warning letter as generated from a written warning response: a printable page (the browser's print). */
export function WarningLetterPage() {
  const { letterId = "" } = useParams();
  const letter = useWarningLetter(letterId);
  usePageTitle("Warning letter");
  if (letter.isPending) return <Loading label="Loading the letter…" />;
  if (letter.isError) return <ErrorAlert error={letter.error} />;
  const { data } = letter;
  // Both dates in the letter's own long style ("March 3, 2026"); the letter's day is a calendar date.
  const occurred = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: data.timeZone }).format(
    new Date(data.violationOccurredAt),
  );
  const written = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${data.letterDate}T00:00:00Z`));
  return (
    <div className="grid-container padding-y-2">
      <p className="margin-top-0 usa-prose waypoint-screen-only">
        <Link to={`${paths.people.person.getHref(data.personId)}#violations`}>Back to {data.personName}</Link>
      </p>
      <article className="usa-prose maxw-tablet" aria-labelledby="letter-heading">
        <p>{data.agencyName}</p>
        <p>{written}</p>
        <p>To: {data.personName}</p>
        <h1 id="letter-heading">Written warning</h1>
        <p>
          This letter is a formal warning about a violation of your supervision: {violationTypeLabels[data.violationType].toLowerCase()} on{" "}
          {occurred}.
        </p>
        <p>
          The response decided is a {responseKindInfo[data.response].label.toLowerCase()}. Further violations may lead to more restrictive
          responses under the agency's response matrix, up to a report to the board or court.
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
