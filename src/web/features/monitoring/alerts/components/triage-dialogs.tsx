import { resolveAlertBody, triageDispositions } from "../../../../../shared/contract/monitoring-alerts";
import { Form, FormButtons, RadioGroupField, TextAreaField } from "../../../../components/form";
import { ConfirmDialog, Dialog } from "../../../../components/ui";
import { useContractForm } from "../../../../lib/contract-form";
import { type MonitoringAlert, useAcknowledgeAlert, useBulkTriage, useResolveAlert } from "../api/alerts";
import { dispositionWords, kindWords } from "../lib/alert-text";

const dispositionOptions = triageDispositions.map((value) => ({ value, label: dispositionWords(value) }));

const whatText = (alerts: readonly MonitoringAlert[]) =>
  alerts.length === 1
    ? `${kindWords(alerts[0]!.kind)} — ${alerts[0]!.person.firstName} ${alerts[0]!.person.lastName}`
    : `${alerts.length} alerts`;

/**
 * Resolving is final: the dialog names the alert(s), asks how it was resolved and for an optional note. Several alerts
 * are resolved all or nothing (one changed meanwhile: none is, and the dialog says which).
 */
export function ResolveDialog({ alerts, onClose }: { alerts: readonly MonitoringAlert[]; onClose: () => void }) {
  const single = useResolveAlert(alerts[0]!.id);
  const bulk = useBulkTriage();
  const form = useContractForm(resolveAlertBody, {
    defaultValues: { disposition: "", note: "" } as never,
    toRequest: (values: Record<string, unknown>) => ({ ...values, expectedVersion: alerts[0]!.version }),
    messages: { disposition: "Choose how the alert was resolved" },
  });
  return (
    <Dialog title={alerts.length === 1 ? "Resolve the alert" : `Resolve ${alerts.length} alerts`} onClose={onClose}>
      <p className="margin-top-0">
        {whatText(alerts)}. Resolving is final: the alert leaves the queue and its task closes. A confirmed violation is recorded as a
        violation of the case.
      </p>
      <Form
        form={form}
        aria-label="Resolve"
        summaryHeadingLevel="h3"
        className="usa-form maxw-full"
        onSubmit={async (input) => {
          if (alerts.length === 1) await single.mutateAsync(input);
          else
            await bulk.mutateAsync({
              action: "resolve",
              disposition: input.disposition,
              note: input.note ?? null,
              alerts: alerts.map((alert) => ({ id: alert.id, expectedVersion: alert.version })),
            });
          onClose();
        }}
      >
        <RadioGroupField name="disposition" legend="How was it resolved?" options={dispositionOptions} />
        <TextAreaField name="note" label="Note (optional)" rows={3} maxLength={4000} />
        <FormButtons submit={single.isPending || bulk.isPending ? "Resolving…" : "Resolve"} onCancel={onClose} />
      </Form>
    </Dialog>
  );
}

/** Acknowledging several alerts at once asks first (all or nothing). */
export function BulkAcknowledgeDialog({ alerts, onClose }: { alerts: readonly MonitoringAlert[]; onClose: () => void }) {
  const bulk = useBulkTriage();
  return (
    <ConfirmDialog
      title={`Acknowledge ${alerts.length} alert${alerts.length === 1 ? "" : "s"}`}
      confirmLabel="Acknowledge"
      pending={bulk.isPending}
      error={bulk.error}
      onClose={onClose}
      onConfirm={() =>
        bulk.mutateAsync({ action: "acknowledge", alerts: alerts.map((alert) => ({ id: alert.id, expectedVersion: alert.version })) })
      }
    >
      <p className="margin-top-0">
        You take charge of {whatText(alerts)}: they stop counting as new and are not escalated to the supervisor. If one has changed since
        you loaded the list, none is acknowledged.
      </p>
    </ConfirmDialog>
  );
}

export { useAcknowledgeAlert };
