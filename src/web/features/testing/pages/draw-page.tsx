import { Link } from "react-router";
import { Alert, Button, ErrorAlert, Loading, Table } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { isApiError } from "../../../lib/api-client";
import { usePageTitle } from "../../../lib/page-title";
import { useAgencyToday } from "../../../lib/session";
import { type RandomDraw, useDraw, useMakeDraw, useVerifyDraw } from "../api/draws";

/** Supervisors: make today's random drug-test draw, see who was selected and verify it from its seed. */
export function DrawPage() {
  usePageTitle("Random testing draw");
  const date = useAgencyToday();
  const draw = useDraw(date);
  const make = useMakeDraw(date);

  return (
    <>
      <h1>Random testing draw</h1>
      <p>
        Today is <strong>{date}</strong> (America/New_York). The draw selects the people who must call in and test today, from a stored seed
        that anyone can use to reproduce it.
      </p>
      {draw.isPending ? (
        <Loading label="Loading today's draw…" />
      ) : draw.isError ? (
        <ErrorAlert error={draw.error} />
      ) : draw.data ? (
        <DrawResult draw={draw.data} />
      ) : (
        <>
          {make.error && !(isApiError(make.error) && make.error.status === 409) ? <ErrorAlert error={make.error} /> : null}
          <Button pending={make.isPending} onClick={() => make.mutate()}>
            Make today's draw
          </Button>
        </>
      )}
    </>
  );
}

function DrawResult({ draw }: { draw: RandomDraw }) {
  const verify = useVerifyDraw();
  return (
    <section aria-labelledby="draw-heading">
      <h2 id="draw-heading">Draw of {draw.date}</h2>
      <dl aria-label="The draw">
        <dt className="text-bold">Seed</dt>
        <dd className="margin-left-0 margin-bottom-1 font-mono-xs" data-testid="draw-seed" style={{ overflowWrap: "anywhere" }}>
          {draw.seed}
        </dd>
        <dt className="text-bold">Algorithm</dt>
        <dd className="margin-left-0 margin-bottom-1">{draw.algorithm}</dd>
        <dt className="text-bold">Candidates</dt>
        <dd className="margin-left-0 margin-bottom-1" data-testid="draw-candidates">
          {draw.candidates}
        </dd>
      </dl>
      <Table caption={`Selected to test on ${draw.date} (${draw.selectedCount})`}>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Case</th>
          </tr>
        </thead>
        <tbody>
          {draw.selectedCount === 0 ? (
            <tr>
              <td colSpan={2}>Nobody was selected.</td>
            </tr>
          ) : (
            draw.selected.map((item) => (
              <tr key={item.caseId} data-case-id={item.caseId}>
                <th scope="row">
                  <Link className="usa-link" to={paths.people.person.getHref(item.personId)}>
                    {item.personName}
                  </Link>
                </th>
                <td>{item.caseNumber}</td>
              </tr>
            ))
          )}
          {draw.selectedCount > draw.selected.length ? (
            <tr>
              <td colSpan={2} data-testid="draw-not-listed">
                {draw.selectedCount - draw.selected.length} selected in cases you do not supervise{" "}
                {draw.selectedCount - draw.selected.length === 1 ? "is" : "are"} not listed; their officers see them.
              </td>
            </tr>
          ) : null}
        </tbody>
      </Table>
      <div className="margin-top-2">
        <Button variant="outline" pending={verify.isPending} onClick={() => verify.mutate(draw.id)}>
          Verify
        </Button>
      </div>
      <div className="margin-top-2">
        {verify.isError ? <ErrorAlert error={verify.error} /> : null}
        {verify.data ? (
          verify.data.reproduced ? (
            <Alert type="success" slim>
              Reproduced from the stored seed: the same {draw.selectedCount} of {verify.data.candidates} candidates were selected.
            </Alert>
          ) : (
            <Alert type="error" slim>
              Not reproduced: the stored seed selects a different set ({verify.data.mismatches.length} cases differ).
            </Alert>
          )
        ) : null}
      </div>
    </section>
  );
}
