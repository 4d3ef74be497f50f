import { useState } from "react";
import { type IncentiveSettings, incentiveSettingsBody } from "../../../../shared/contract/incentives";
import { Form, SubmitButton, TextAreaField, TextField } from "../../../components/form";
import { Alert, ErrorAlert, Loading } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { useIncentiveSettings, useSaveIncentiveSettings } from "../api/incentives";
import { targetText } from "./ratio-text";

/** The administrators' incentive settings: the target ratio and the agency's own incentives (one a line). */
export function IncentiveSettingsSection() {
  const settings = useIncentiveSettings();
  // Kept here: a save moves the version on, which gives the form a fresh start (the key) but keeps the announcement.
  const [announcement, setAnnouncement] = useState("");
  return (
    <section aria-labelledby="incentive-settings-heading" className="margin-top-4">
      <h2 id="incentive-settings-heading">Incentives</h2>
      {settings.isPending ? <Loading /> : null}
      <ErrorAlert error={settings.error} />
      {settings.data ? (
        <SettingsForm
          key={settings.data.version}
          settings={settings.data}
          announcement={announcement}
          onAnnounce={setAnnouncement}
          onReload={() => settings.refetch()}
        />
      ) : null}
    </section>
  );
}

function SettingsForm({
  settings,
  announcement,
  onAnnounce: setAnnouncement,
  onReload,
}: {
  settings: IncentiveSettings;
  announcement: string;
  onAnnounce: (text: string) => void;
  onReload: () => void;
}) {
  const save = useSaveIncentiveSettings();
  const form = useContractForm(incentiveSettingsBody, {
    defaultValues: {
      targetRatio: settings.targetRatio,
      agencyKinds: settings.agencyKinds.join("\n"),
      expectedVersion: settings.version,
    } as never,
    toRequest: (values: { agencyKinds?: unknown; targetRatio?: unknown }) => ({
      ...values,
      targetRatio: values.targetRatio === "" ? "" : Number(values.targetRatio),
      agencyKinds: String(values.agencyKinds ?? "")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean),
    }),
    messages: { targetRatio: "Give the target as a number of incentives per sanction, from 0.5 to 20" },
    onReload,
  });
  return (
    <>
      <p className="maxw-tablet-lg">
        Officers are encouraged to give about {settings.targetRatio} incentives for each sanction ({targetText(settings.targetRatio)}); the
        person page and the supervisors' page compare each ratio with this target. The shipped incentives (praise, reduced reporting, travel
        permission, a certificate, curfew relaxation, an early discharge recommendation) are always offered; add your agency's own below.
      </p>
      {announcement ? (
        <Alert type="success" slim role="status">
          {announcement}
        </Alert>
      ) : null}
      <Form
        form={form}
        onSubmit={async (input) => {
          setAnnouncement("");
          await save.mutateAsync(input);
          setAnnouncement("Incentive settings saved.");
        }}
        className="usa-form"
        aria-label="Incentive settings"
      >
        <TextField name="targetRatio" label="Target: incentives for each sanction" type="number" min={0.5} max={20} step={0.1} />
        <TextAreaField name="agencyKinds" label="The agency's own incentives (one a line)" rows={4} />
        <div className="margin-top-2">
          <SubmitButton>{save.isPending ? "Saving…" : "Save the incentive settings"}</SubmitButton>
        </div>
      </Form>
    </>
  );
}
