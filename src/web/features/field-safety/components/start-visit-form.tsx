import { useState } from "react";
import { startFieldVisitBody } from "../../../../shared/contract/field-safety";
import { Form, SelectField, SubmitButton, TextAreaField, TextField } from "../../../components/form";
import { Alert, Loading } from "../../../components/ui";
import { isApiError } from "../../../lib/api-client";
import { useContractForm } from "../../../lib/contract-form";
import { formatTime, ownVisit, type StartFieldVisitInput, useActiveVisits, useColleagues, useStartVisit } from "../api/field-visits";

type StartProps = {
  userId: string;
  /** The case visited; none for a visit not about one person. */
  caseId?: string;
  defaultLocation?: string;
  coordinates?: { latitude: number; longitude: number } | null;
  /** Called once the visit has started (e.g. to fold the form away). */
  onStarted?: () => void;
};

/** The check-in form, or, while the user is already on a visit, where they are (one visit at a time). */
export function StartFieldVisit(props: StartProps) {
  const visits = useActiveVisits(30_000);
  const current = ownVisit(visits.data, props.userId);
  if (visits.isPending) return <Loading label="Checking for a field visit in progress…" />;
  if (current) {
    return (
      <Alert type="info" slim>
        You are on a field visit at {current.location}, expected back by {formatTime(current.expectedEndAt)}. Check out (at the top of the
        page) before starting another.
      </Alert>
    );
  }
  return <StartVisitForm {...props} />;
}

function StartVisitForm({ caseId, defaultLocation, coordinates, onStarted }: StartProps) {
  const start = useStartVisit();
  const colleagues = useColleagues(true);
  // Set when the server asked for a second officer (a caution or high-risk flag): the reason field then shows.
  const [cautionMessage, setCautionMessage] = useState<string | null>(null);
  const form = useContractForm(startFieldVisitBody, {
    defaultValues: { location: defaultLocation ?? "", expectedMinutes: 60, secondOfficerId: "", soloOverrideReason: "" },
    // (The form keeps its first toRequest: it reads no state.) The reason field shows only after a caution, when going
    // alone; with a second officer chosen, a reason typed earlier is not sent.
    toRequest: (values) => ({
      ...values,
      ...(caseId ? { caseId } : {}),
      ...(coordinates ? coordinates : {}),
      soloOverrideReason: values.secondOfficerId === "" ? values.soloOverrideReason : "",
    }),
    messages: {
      location: "Say where you are going",
      expectedMinutes: "Enter the minutes you expect to be out, from 1 to 720",
      soloOverrideReason: "Give the reason for going alone, or choose a second officer",
    },
    check: (request) =>
      cautionMessage && !request.secondOfficerId && !request.soloOverrideReason
        ? [{ field: "soloOverrideReason", message: "Give the reason for going alone, or choose a second officer" }]
        : [],
  });
  const goingAlone = form.watch("secondOfficerId") === "";

  const send = async (input: StartFieldVisitInput) => {
    try {
      await start.mutateAsync(input);
    } catch (error) {
      // Not a mistake but a question: a caution asks for a second officer, or the reason for going alone.
      if (isApiError(error) && error.status === 409 && error.issueFor("secondOfficerId")?.startsWith("required")) {
        setCautionMessage(error.message);
        return;
      }
      throw error;
    }
    onStarted?.();
  };

  const colleagueOptions = (colleagues.data ?? []).map((item) => ({
    value: item.id,
    label: item.sameUnit || !item.unitName ? item.displayName : `${item.displayName} (${item.unitName})`,
  }));

  return (
    <Form form={form} onSubmit={send} className="usa-form maxw-tablet" aria-label="Start a field visit" summaryHeadingLevel="h3">
      <TextField
        name="location"
        label="Where are you going?"
        hint="An address or place; your supervisor sees it if you do not check out in time."
        maxLength={300}
        autoComplete="off"
      />
      <TextField
        name="expectedMinutes"
        label="Expected duration (minutes)"
        hint="From 1 to 720. You are alerted, then your supervisor, if you have not checked out by then."
        type="number"
        numeric
        min={1}
        max={720}
      />
      <SelectField
        name="secondOfficerId"
        label="Second officer"
        hint={colleagues.isError ? "Your colleagues could not be loaded; reload the page to choose one." : undefined}
        options={[{ value: "", label: "None: going alone" }, ...colleagueOptions]}
      />
      {cautionMessage ? (
        <>
          <Alert type="warning" heading="A second officer is required" headingLevel="h3">
            {cautionMessage}
          </Alert>
          {goingAlone ? (
            <TextAreaField
              name="soloOverrideReason"
              label="Reason for going alone"
              hint="Recorded with the visit for your supervisor."
              maxLength={500}
            />
          ) : null}
        </>
      ) : null}
      <SubmitButton>{cautionMessage && goingAlone ? "Start field visit alone" : "Start field visit"}</SubmitButton>
    </Form>
  );
}
