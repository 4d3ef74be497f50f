import { useState } from "react";
import { newGatewayBody } from "../../../../shared/contract/monitoring-devices";
import { Form, SubmitButton, TextField } from "../../../components/form";
import { Alert, Button, ConfirmDialog, ErrorAlert, Loading, Table } from "../../../components/ui";
import { useContractForm } from "../../../lib/contract-form";
import { formatDateTime } from "../../../lib/format";
import { usePageTitle } from "../../../lib/page-title";
import { type CreatedGateway, type Gateway, useCreateGateway, useDeactivateGateway, useGateways } from "./devices-api";

/** Administrators: the vendor gateways allowed to post telemetry, each with its own API key and HMAC secret. */
export function GatewaysPage() {
  usePageTitle("Vendor gateways");
  const gateways = useGateways();
  const deactivate = useDeactivateGateway();
  const [created, setCreated] = useState<CreatedGateway | null>(null);
  const [deactivating, setDeactivating] = useState<Gateway | null>(null);
  const [notice, setNotice] = useState("");
  return (
    <>
      <h1>Vendor gateways</h1>
      <p className="maxw-tablet-lg">
        A monitoring vendor's gateway sends device readings to Waypoint with its API key, and signs each batch with its HMAC secret. Both
        are shown once, when the gateway is created: Waypoint keeps only a fingerprint of the key and the secret locked with the server's
        key.
      </p>
      {notice ? (
        <Alert type="success" slim role="status">
          {notice}
        </Alert>
      ) : null}
      {created ? (
        <section
          aria-labelledby="gateway-credentials"
          className="usa-alert usa-alert--warning margin-bottom-3"
          data-testid="gateway-credentials"
        >
          <div className="usa-alert__body">
            <h2 id="gateway-credentials" className="usa-alert__heading">
              Credentials for {created.gateway.name}: copy them now
            </h2>
            <p className="usa-alert__text">They will not be shown again. Give them to the vendor over a secure channel.</p>
            <dl className="waypoint-facts">
              <dt>API key</dt>
              <dd>
                <code className="waypoint-break-all">{created.apiKey}</code>
              </dd>
              <dt>HMAC secret</dt>
              <dd>
                <code className="waypoint-break-all">{created.hmacSecret}</code>
              </dd>
            </dl>
            <Button variant="outline" onClick={() => setCreated(null)}>
              I have copied them
            </Button>
          </div>
        </section>
      ) : null}
      <ErrorAlert error={gateways.error} />
      {gateways.isPending ? <Loading /> : null}
      {gateways.data ? (
        <Table caption="Gateways">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="usa-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {gateways.data.gateways.length === 0 ? (
              <tr>
                <td colSpan={5}>No gateways yet.</td>
              </tr>
            ) : null}
            {gateways.data.gateways.map((gateway) => (
              <tr key={gateway.id}>
                <th scope="row">{gateway.name}</th>
                <td>{gateway.active ? "Active" : "Deactivated"}</td>
                <td>
                  {formatDateTime(gateway.createdAt)}
                  {gateway.createdBy ? ` by ${gateway.createdBy}` : ""}
                </td>
                <td>{gateway.lastSeenAt ? formatDateTime(gateway.lastSeenAt) : "Never"}</td>
                <td>
                  {gateway.active ? (
                    <Button variant="unstyled" onClick={() => setDeactivating(gateway)}>
                      Deactivate<span className="usa-sr-only"> {gateway.name}</span>
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      <NewGatewayForm
        onSaved={(saved) => {
          setNotice("");
          setCreated(saved);
        }}
      />
      {deactivating ? (
        <ConfirmDialog
          title={`Deactivate ${deactivating.name}?`}
          confirmLabel="Deactivate gateway"
          destructive
          pending={deactivate.isPending}
          error={deactivate.error}
          onConfirm={async () => {
            await deactivate.mutateAsync(deactivating.id);
            setNotice(`${deactivating.name} is deactivated: its readings are refused from now on.`);
          }}
          onClose={() => setDeactivating(null)}
        >
          <p>Readings sent with its key are refused from now on. This cannot be undone: a new gateway gets new credentials.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function NewGatewayForm({ onSaved }: { onSaved: (created: CreatedGateway) => void }) {
  const create = useCreateGateway();
  const form = useContractForm(newGatewayBody, {
    defaultValues: { name: "" },
    messages: { name: "Name the gateway, such as the vendor's name" },
  });
  return (
    <section aria-labelledby="new-gateway" className="margin-top-4">
      <h2 id="new-gateway">Create a gateway</h2>
      <Form
        form={form}
        onSubmit={async (input) => {
          const saved = await create.mutateAsync(input);
          form.reset();
          onSaved(saved);
        }}
        summaryHeadingLevel="h3"
        aria-label="Create a gateway"
      >
        <TextField name="name" label="Name" maxLength={120} />
        <SubmitButton>{create.isPending ? "Creating…" : "Create gateway"}</SubmitButton>
      </Form>
    </section>
  );
}
