import { useState } from "react";
import { type DeviceCommand, type DeviceCommandBody, deviceCommandBody } from "../../../../shared/contract/monitoring-commands";
import { Form, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, ConfirmDialog, ErrorAlert, Loading, Table } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { formatDateTime } from "../../../lib/format";
import { useDeviceCommands, useSendDeviceCommand } from "./api";

/**
 * Device commands in a case's Monitoring area (issue 14 §6): ask the GPS device for its position now, or to report
 * faster for a while during a pursuit; the commands sent and the device's answers. Self-contained: mount it with the
 * case's id and whether the reader may act on the case.
 */
export function DeviceCommands({ caseId, canSend }: { caseId: string; canSend: boolean }) {
  const commands = useDeviceCommands(caseId);
  const send = useSendDeviceCommand(caseId);
  const [confirming, setConfirming] = useState<DeviceCommandBody | null>(null);
  if (commands.isPending) return <Loading label="Loading device commands…" />;
  if (commands.isError) return <ErrorAlert error={commands.error} />;
  const { deviceSerial, available } = commands.data;

  return (
    <section aria-labelledby={`device-commands-${caseId}`}>
      <h3 id={`device-commands-${caseId}`}>Device commands</h3>
      {!deviceSerial ? (
        <Alert type="info" slim>
          No GPS device is fitted on this case now, so there is nothing to send commands to.
        </Alert>
      ) : !available ? (
        <Alert type="info" slim>
          Device commands are turned off on this server (they travel over MQTT).
        </Alert>
      ) : canSend ? (
        <>
          <p>
            Commands go to device <strong>{deviceSerial}</strong>. It answers within a few seconds when it has signal.
          </p>
          <Button variant="secondary" onClick={() => setConfirming({ command: "locate_now" })}>
            Locate now
          </Button>
          <PursuitForm onRequest={setConfirming} />
        </>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title={confirming.command === "locate_now" ? "Locate now?" : "Increase the reporting rate?"}
          confirmLabel="Send command"
          pending={send.isPending}
          error={send.error}
          onClose={() => {
            send.reset();
            setConfirming(null);
          }}
          onConfirm={async () => {
            await send.mutateAsync(confirming);
            setConfirming(null);
          }}
        >
          <p>{describeRequest(confirming, deviceSerial ?? "the device")}</p>
        </ConfirmDialog>
      ) : null}
      <CommandHistory commands={commands.data.commands} />
    </section>
  );
}

function PursuitForm({ onRequest }: { onRequest: (body: DeviceCommandBody) => void }) {
  const form = useContractForm(deviceCommandBody, {
    defaultValues: { command: "set_reporting_rate", seconds: 10, durationMinutes: 30 } as never,
    messages: {
      seconds: "Enter the seconds between positions, from 5 to 3600",
      durationMinutes: "Enter how many minutes, from 1 to 720",
    },
  });
  return (
    <Form
      form={form}
      className="usa-form maxw-tablet-lg margin-top-2"
      aria-label="Pursuit: report faster for a while"
      summaryHeadingLevel="h4"
      onSubmit={async (request) => onRequest(request)}
    >
      <h4 className="margin-bottom-0">Pursuit: report faster for a while</h4>
      <div className="grid-row grid-gap-2">
        <div className="grid-col-12 tablet:grid-col-6">
          <TextField name="seconds" label="Seconds between positions" type="number" numeric min={5} max={3600} />
        </div>
        <div className="grid-col-12 tablet:grid-col-6">
          <TextField name="durationMinutes" label="For how many minutes" type="number" numeric min={1} max={720} />
        </div>
      </div>
      <SubmitButton>Increase reporting rate</SubmitButton>
    </Form>
  );
}

function describeRequest(body: DeviceCommandBody, serial: string): string {
  return body.command === "locate_now"
    ? `Device ${serial} will be asked to send its position now.`
    : `Device ${serial} will send its position every ${body.seconds} seconds for ${body.durationMinutes} minutes, then return to its normal rate. This uses its battery faster.`;
}

function describeCommand(command: DeviceCommand): string {
  return command.command === "locate_now"
    ? "Locate now"
    : `Report every ${command.seconds ?? "?"} s for ${command.durationMinutes ?? "?"} min`;
}

function describeReply(command: DeviceCommand): string {
  if (command.replyStatus === null) return "Waiting for the device";
  const when = formatDateTime(command.repliedAt);
  const detail = command.replyDetail ? `: ${command.replyDetail}` : "";
  return command.replyStatus === "done" ? `Done at ${when}${detail}` : `Refused by the device at ${when}${detail}`;
}

function CommandHistory({ commands }: { commands: DeviceCommand[] }) {
  if (commands.length === 0) return <p className="text-base">No commands sent yet.</p>;
  return (
    <Table caption="Commands sent to the device, newest first">
      <thead>
        <tr>
          <th scope="col">Command</th>
          <th scope="col">Sent</th>
          <th scope="col">By</th>
          <th scope="col">Device's answer</th>
        </tr>
      </thead>
      <tbody>
        {commands.map((command) => (
          <tr key={command.id}>
            <td>{describeCommand(command)}</td>
            <td>{formatDateTime(command.sentAt)}</td>
            <td>{command.sentByName}</td>
            <td>{describeReply(command)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
