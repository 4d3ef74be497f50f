import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type AlertSettings, alertSettings, alertSettingsBody } from "../../../../../shared/contract/monitoring-alerts";
import { Form, SubmitButton, TextField } from "../../../../components/form";
import { Alert, ErrorAlert, Loading } from "../../../../components/ui";
import { api } from "../../../../lib/api-client";
import { useContractForm } from "../../../../lib/contract-form";
import { alertKeys } from "../../../../lib/query-keys";

const settingsKey = [...alertKeys.all, "settings"] as const;
const asNumber = (value: unknown) => (value === "" || value === undefined ? "" : Number(value));

/** Administrators: the agency's monitoring alert grouping window, no-signal grace period and escalation minutes. */
export function AlertSettingsSection() {
  const settings = useQuery({
    queryKey: settingsKey,
    queryFn: () => api.get("/api/v1/monitoring/alert-settings", { schema: alertSettings }),
  });
  return (
    <section aria-labelledby="alert-settings-heading" className="margin-top-5">
      <h2 id="alert-settings-heading">Monitoring alerts</h2>
      {settings.isPending ? <Loading /> : null}
      <ErrorAlert error={settings.error} />
      {settings.data ? <AlertSettingsForm settings={settings.data} /> : null}
    </section>
  );
}

function AlertSettingsForm({ settings }: { settings: AlertSettings }) {
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (input: AlertSettings) => api.put("/api/v1/monitoring/alert-settings", input, { schema: alertSettings }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: settingsKey }),
  });
  const form = useContractForm(alertSettingsBody, {
    defaultValues: {
      groupWindowMinutes: String(settings.groupWindowMinutes),
      noSignalGraceMinutes: String(settings.noSignalGraceMinutes),
      escalationMinutes: String(settings.escalationMinutes),
    } as never,
    toRequest: ((values: Record<string, unknown>) => ({
      groupWindowMinutes: asNumber(values.groupWindowMinutes),
      noSignalGraceMinutes: asNumber(values.noSignalGraceMinutes),
      escalationMinutes: asNumber(values.escalationMinutes),
    })) as never,
    messages: {
      groupWindowMinutes: "Enter a number of minutes from 1 to 1440",
      noSignalGraceMinutes: "Enter a number of minutes from 0 to 240",
      escalationMinutes: "Enter a number of minutes from 1 to 1440",
    },
  });
  return (
    <>
      {save.isSuccess ? (
        <Alert type="success" slim>
          Alert settings saved.
        </Alert>
      ) : null}
      <Form
        form={form}
        aria-label="Monitoring alert settings"
        onSubmit={(request) => save.mutateAsync(request)}
        className="usa-form usa-form--large"
      >
        <TextField
          label="Group repeats of an alert within (minutes)"
          name="groupWindowMinutes"
          hint="From 1 to 1440. A repeat of the same kind for the same person within this time counts on the open alert."
          inputMode="numeric"
          className="width-card"
        />
        <TextField
          label="Clear a lost signal that returns within (minutes)"
          name="noSignalGraceMinutes"
          hint="From 0 to 240. Nobody is told of a connectivity gap that recovers this quickly."
          inputMode="numeric"
          className="width-card"
        />
        <TextField
          label="Escalate a high-severity alert not acknowledged within (minutes)"
          name="escalationMinutes"
          hint="From 1 to 1440. The unit's supervisors are then notified."
          inputMode="numeric"
          className="width-card"
        />
        <SubmitButton className="margin-top-3">Save alert settings</SubmitButton>
      </Form>
    </>
  );
}
