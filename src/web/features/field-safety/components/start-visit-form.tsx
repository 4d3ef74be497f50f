import { type FormEvent, useState } from "react";
import { Alert, Button, ErrorAlert, Loading, Select, TextArea, TextInput } from "../../../components/ui";
import { isApiError } from "../../../lib/api-client";
import { type FieldErrors, fieldErrorsFrom, hasErrors } from "../../../lib/form-errors";
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

type Draft = { location: string; expectedMinutes: string; secondOfficerId: string; soloOverrideReason: string };

function StartVisitForm({ caseId, defaultLocation, coordinates, onStarted }: StartProps) {
  const start = useStartVisit();
  const colleagues = useColleagues(true);
  const [draft, setDraft] = useState<Draft>({
    location: defaultLocation ?? "",
    expectedMinutes: "60",
    secondOfficerId: "",
    soloOverrideReason: "",
  });
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  // Set when the server asked for a second officer (a caution or high-risk flag): the reason field then shows.
  const [cautionMessage, setCautionMessage] = useState<string | null>(null);
  const set = (change: Partial<Draft>) => setDraft((current) => ({ ...current, ...change }));

  const cautionAnswer =
    isApiError(start.error) && start.error.status === 409 && start.error.issueFor("secondOfficerId")?.startsWith("required");
  const serverErrors = cautionAnswer ? {} : fieldErrorsFrom(start.error);
  const errors = { ...serverErrors, ...Object.fromEntries(Object.entries(localErrors).filter(([, value]) => value)) };
  const otherError = start.error && !cautionAnswer && !hasErrors(serverErrors) ? start.error : null;
  const goingAlone = draft.secondOfficerId === "";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const minutes = Number(draft.expectedMinutes);
    const found: FieldErrors = {
      location: draft.location.trim() ? undefined : "Say where you are going",
      expectedMinutes:
        draft.expectedMinutes.trim() !== "" && Number.isInteger(minutes) && minutes >= 1 && minutes <= 720
          ? undefined
          : "Enter the minutes you expect to be out, from 1 to 720",
      soloOverrideReason:
        cautionMessage && goingAlone && !draft.soloOverrideReason.trim()
          ? "Give the reason for going alone, or choose a second officer"
          : undefined,
    };
    setLocalErrors(found);
    if (hasErrors(found)) return;
    const input: StartFieldVisitInput = {
      location: draft.location.trim(),
      expectedMinutes: minutes,
      ...(caseId ? { caseId } : {}),
      ...(coordinates ? coordinates : {}),
      ...(goingAlone ? {} : { secondOfficerId: draft.secondOfficerId }),
      ...(goingAlone && cautionMessage ? { soloOverrideReason: draft.soloOverrideReason.trim() } : {}),
    };
    start.mutate(input, {
      onSuccess: () => onStarted?.(),
      onError: (error) => {
        if (isApiError(error) && error.status === 409 && error.issueFor("secondOfficerId")?.startsWith("required")) {
          setCautionMessage(error.message);
        }
      },
    });
  };

  const colleagueOptions = (colleagues.data ?? []).map((item) => ({
    value: item.id,
    label: item.sameUnit || !item.unitName ? item.displayName : `${item.displayName} (${item.unitName})`,
  }));

  return (
    <form className="usa-form maxw-tablet" aria-label="Start a field visit" onSubmit={submit} noValidate>
      <ErrorAlert error={otherError} />
      <TextInput
        label="Where are you going?"
        hint="An address or place; your supervisor sees it if you do not check out in time."
        value={draft.location}
        maxLength={300}
        autoComplete="off"
        onChange={(event) => set({ location: event.target.value })}
        error={errors.location}
      />
      <TextInput
        label="Expected duration (minutes)"
        hint="From 1 to 720. You are alerted, then your supervisor, if you have not checked out by then."
        type="number"
        inputMode="numeric"
        min={1}
        max={720}
        value={draft.expectedMinutes}
        onChange={(event) => set({ expectedMinutes: event.target.value })}
        error={errors.expectedMinutes}
      />
      <Select
        label="Second officer"
        hint={colleagues.isError ? "Your colleagues could not be loaded; reload the page to choose one." : undefined}
        value={draft.secondOfficerId}
        onChange={(event) => set({ secondOfficerId: event.target.value })}
        options={[{ value: "", label: "None: going alone" }, ...colleagueOptions]}
        error={errors.secondOfficerId}
      />
      {cautionMessage ? (
        <>
          <Alert type="warning" heading="A second officer is required" headingLevel="h3">
            {cautionMessage}
          </Alert>
          {goingAlone ? (
            <TextArea
              label="Reason for going alone"
              hint="Recorded with the visit for your supervisor."
              value={draft.soloOverrideReason}
              maxLength={500}
              onChange={(event) => set({ soloOverrideReason: event.target.value })}
              error={errors.soloOverrideReason}
            />
          ) : null}
        </>
      ) : null}
      <Button type="submit" pending={start.isPending}>
        {cautionMessage && goingAlone ? "Start field visit alone" : "Start field visit"}
      </Button>
    </form>
  );
}
