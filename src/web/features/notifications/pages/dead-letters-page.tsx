import { useState } from "react";
import type { z } from "zod";
import type { deadLetter } from "../../../../shared/contract/notifications";
import { Alert, Button, ConfirmDialog, ErrorAlert, Loading, Table } from "../../../components/ui";
import { formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { notificationKindLabels, useDeadLetters, useRetryDeadLetter } from "../api/notifications";

type DeadLetter = z.infer<typeof deadLetter>;

const channelLabels = { email: "E-mail", sms: "Text message" } as const;
const kindLabel = (kind: string) => notificationKindLabels[kind as keyof typeof notificationKindLabels] ?? "Other notification";

/** E-mail and text messages that failed every retry: administrators see why, and send them again once fixed. */
export function DeadLettersPage() {
  usePageTitle("Undelivered messages");
  const letters = useDeadLetters();
  const retry = useRetryDeadLetter();
  const [confirming, setConfirming] = useState<DeadLetter | null>(null);
  const [announcement, setAnnouncement] = useState("");
  return (
    <>
      <h1>Undelivered messages</h1>
      <p>
        E-mail and text messages that could not be delivered after every retry. The notification itself is still in the recipient's list in
        Waypoint. Fix the cause (the mail server, an address), then send a message again.
      </p>
      {announcement ? (
        <Alert type="success" slim>
          {announcement}
        </Alert>
      ) : null}
      {letters.isPending ? <Loading label="Loading undelivered messages…" /> : null}
      <ErrorAlert error={letters.error} />
      {letters.data && letters.data.length === 0 ? <p>Every message was delivered.</p> : null}
      {letters.data && letters.data.length > 0 ? (
        <Table caption="Undelivered messages, newest first">
          <thead>
            <tr>
              <th scope="col">Recipient</th>
              <th scope="col">By</th>
              <th scope="col">About</th>
              <th scope="col">Attempts and last error</th>
              <th scope="col">Queued</th>
              <th scope="col">
                <span className="usa-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {letters.data.map((letter) => (
              <tr key={letter.id}>
                <th scope="row">
                  {letter.recipientName}
                  <br />
                  <span className="font-sans-3xs text-break-all">{letter.address}</span>
                </th>
                <td>{channelLabels[letter.channel]}</td>
                <td>{kindLabel(letter.kind)}</td>
                <td className="text-break-word">
                  {letter.attempts} {letter.attempts === 1 ? "attempt" : "attempts"}
                  {letter.lastError ? `: ${letter.lastError}` : ""}
                </td>
                <td>{formatDateTime(letter.createdAt)}</td>
                <td>
                  <Button variant="outline" className="width-auto" onClick={() => setConfirming(letter)}>
                    Send again
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      {confirming ? (
        <ConfirmDialog
          title="Send this message again?"
          confirmLabel="Send again"
          pending={retry.isPending}
          error={retry.error}
          onConfirm={() =>
            retry.mutateAsync(confirming.id).then(() => setAnnouncement(`The message to ${confirming.recipientName} is queued again.`))
          }
          onClose={() => {
            setConfirming(null);
            retry.reset();
          }}
        >
          <p>
            The {channelLabels[confirming.channel].toLowerCase()} to {confirming.recipientName} ({confirming.address}) goes back in the
            outbox and is tried again, up to the usual number of attempts.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
