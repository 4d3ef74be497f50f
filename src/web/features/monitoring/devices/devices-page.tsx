import { useState } from "react";
import {
  type DeviceStatus,
  type DeviceType,
  deviceStatus,
  deviceStatusBody,
  deviceStatusLabels,
  deviceType,
  deviceTypeLabels,
  newDeviceBody,
  updateDeviceBody,
} from "../../../../shared/contract/monitoring-devices";
import { Form, FormButtons, SelectField, SubmitButton, TextAreaField, TextField } from "../../../components/form";
import { Alert, Button, Dialog, ErrorAlert, Loading, Select, Table, TextInput } from "../../../components/ui";
import { paths } from "../../../config/paths";
import { useContractForm } from "../../../lib/contract-form";
import { usePageTitle } from "../../../lib/page-title";
import { type Device, useAddDevice, useDevices, useSetDeviceStatus, useUpdateDevice } from "./devices-api";

const typeOptions = deviceType.options.map((value) => ({ value, label: deviceTypeLabels[value] }));
const statusOptions = deviceStatus.options.map((value) => ({ value, label: deviceStatusLabels[value] }));
/** Assigned follows installing a device on a person; it is not chosen by hand. */
const settableStatusOptions = statusOptions.filter((option) => option.value !== "assigned");

/** Administrators and supervisors: the agency's monitoring devices, their status and who wears them. */
export function DevicesPage() {
  usePageTitle("Monitoring devices");
  const [status, setStatus] = useState<DeviceStatus | "">("");
  const [type, setType] = useState<DeviceType | "">("");
  const [serial, setSerial] = useState("");
  const devices = useDevices({ status: status || undefined, deviceType: type || undefined, q: serial.trim() || undefined });
  const [editing, setEditing] = useState<Device | null>(null);
  const [changingStatus, setChangingStatus] = useState<Device | null>(null);
  const [notice, setNotice] = useState("");
  return (
    <>
      <h1>Monitoring devices</h1>
      <p className="maxw-tablet-lg">
        The agency's GPS, radio-frequency and alcohol monitors. A device is installed on a person from the Monitoring section of their page;
        it shows as assigned until it is removed there.
      </p>
      {notice ? (
        <Alert type="success" slim role="status">
          {notice}
        </Alert>
      ) : null}
      <div className="grid-row grid-gap">
        <div className="tablet:grid-col-4">
          <Select
            label="Status"
            value={status}
            onChange={(event) => setStatus(event.target.value as DeviceStatus | "")}
            options={[{ value: "", label: "Any status" }, ...statusOptions]}
          />
        </div>
        <div className="tablet:grid-col-4">
          <Select
            label="Type"
            value={type}
            onChange={(event) => setType(event.target.value as DeviceType | "")}
            options={[{ value: "", label: "Any type" }, ...typeOptions]}
          />
        </div>
        <div className="tablet:grid-col-4">
          <TextInput label="Serial contains" value={serial} onChange={(event) => setSerial(event.target.value)} maxLength={64} />
        </div>
      </div>
      <ErrorAlert error={devices.error} />
      {devices.isPending ? <Loading label="Loading devices…" /> : null}
      {devices.data ? (
        <Table caption="Devices">
          <thead>
            <tr>
              <th scope="col">Serial</th>
              <th scope="col">Type</th>
              <th scope="col">Vendor and firmware</th>
              <th scope="col">Status</th>
              <th scope="col">On</th>
              <th scope="col">
                <span className="usa-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody data-testid="device-rows">
            {devices.data.devices.length === 0 ? (
              <tr>
                <td colSpan={6}>No devices match.</td>
              </tr>
            ) : null}
            {devices.data.devices.map((item) => (
              <tr key={item.id}>
                <th scope="row">{item.serial}</th>
                <td>{deviceTypeLabels[item.deviceType]}</td>
                <td>
                  {item.vendor}
                  {item.firmware ? `, firmware ${item.firmware}` : ""}
                </td>
                <td>
                  {deviceStatusLabels[item.status]}
                  {item.statusReason ? `: ${item.statusReason}` : ""}
                </td>
                <td>
                  {item.assignedTo ? (
                    <a className="usa-link" href={`${paths.people.person.getHref(item.assignedTo.personId)}#monitoring`}>
                      {item.assignedTo.name}
                    </a>
                  ) : (
                    "—"
                  )}
                </td>
                <td>
                  <ul className="usa-list usa-list--unstyled">
                    <li>
                      <Button variant="unstyled" onClick={() => setEditing(item)}>
                        Correct<span className="usa-sr-only"> device {item.serial}</span>
                      </Button>
                    </li>
                    {item.status !== "assigned" ? (
                      <li>
                        <Button variant="unstyled" onClick={() => setChangingStatus(item)}>
                          Change status<span className="usa-sr-only"> of device {item.serial}</span>
                        </Button>
                      </li>
                    ) : null}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      <AddDeviceForm onSaved={(saved) => setNotice(`Device ${saved} added, in stock.`)} />
      {editing ? (
        <Dialog title={`Correct device ${editing.serial}`} onClose={() => setEditing(null)}>
          <EditDeviceForm
            device={editing}
            onSaved={(saved) => {
              setEditing(null);
              setNotice(`Device ${saved} saved.`);
            }}
            onCancel={() => setEditing(null)}
          />
        </Dialog>
      ) : null}
      {changingStatus ? (
        <Dialog title={`Change the status of device ${changingStatus.serial}`} onClose={() => setChangingStatus(null)}>
          <StatusForm
            device={changingStatus}
            onSaved={(saved) => {
              setChangingStatus(null);
              setNotice(`Device ${saved.serial} is now ${deviceStatusLabels[saved.status].toLowerCase()}.`);
            }}
            onCancel={() => setChangingStatus(null)}
          />
        </Dialog>
      ) : null}
    </>
  );
}

const deviceMessages = {
  serial: "Enter the serial as printed on the device (letters, digits, dot, dash, colon or underscore)",
  deviceType: "Choose the type of device",
  vendor: "Enter the vendor's name",
};

function DeviceFields() {
  return (
    <>
      <TextField name="serial" label="Serial" maxLength={64} />
      <SelectField name="deviceType" label="Type" options={typeOptions} placeholder="- Choose -" />
      <TextField name="vendor" label="Vendor" maxLength={120} />
      <TextField name="firmware" label="Firmware (optional)" maxLength={60} />
      <TextAreaField name="notes" label="Notes (optional)" rows={2} maxLength={2000} />
    </>
  );
}

function AddDeviceForm({ onSaved }: { onSaved: (serial: string) => void }) {
  const add = useAddDevice();
  const form = useContractForm(newDeviceBody, {
    defaultValues: { serial: "", deviceType: "", vendor: "", firmware: "", notes: "" } as never,
    messages: deviceMessages,
  });
  return (
    <section aria-labelledby="new-device" className="margin-top-4">
      <h2 id="new-device">Add a device</h2>
      <Form
        form={form}
        onSubmit={async (input) => {
          const saved = await add.mutateAsync(input);
          form.reset();
          onSaved(saved.serial);
        }}
        summaryHeadingLevel="h3"
        aria-label="Add a device"
      >
        <DeviceFields />
        <SubmitButton>{add.isPending ? "Adding…" : "Add device"}</SubmitButton>
      </Form>
    </section>
  );
}

function EditDeviceForm({ device, onSaved, onCancel }: { device: Device; onSaved: (serial: string) => void; onCancel: () => void }) {
  const update = useUpdateDevice(device.id);
  const form = useContractForm(updateDeviceBody, {
    defaultValues: {
      serial: device.serial,
      deviceType: device.deviceType,
      vendor: device.vendor,
      firmware: device.firmware ?? "",
      notes: device.notes ?? "",
      expectedVersion: device.version,
    } as never,
    messages: deviceMessages,
    onReload: onCancel,
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => onSaved((await update.mutateAsync(input)).serial)}
      summaryHeadingLevel="h3"
      aria-label={`Correct device ${device.serial}`}
    >
      <DeviceFields />
      <FormButtons submit={update.isPending ? "Saving…" : "Save device"} onCancel={onCancel} />
    </Form>
  );
}

function StatusForm({ device, onSaved, onCancel }: { device: Device; onSaved: (saved: Device) => void; onCancel: () => void }) {
  const setStatus = useSetDeviceStatus(device.id);
  const form = useContractForm(deviceStatusBody, {
    defaultValues: { status: device.status === "in_stock" ? "" : "in_stock", reason: "", expectedVersion: device.version } as never,
    messages: { status: "Choose the new status" },
    onReload: onCancel,
  });
  return (
    <Form
      form={form}
      onSubmit={async (input) => onSaved(await setStatus.mutateAsync(input))}
      summaryHeadingLevel="h3"
      aria-label={`Change the status of device ${device.serial}`}
    >
      <p>Now: {deviceStatusLabels[device.status]}.</p>
      <SelectField name="status" label="New status" options={settableStatusOptions} placeholder="- Choose -" />
      <TextField name="reason" label="Why" hint="Required when the device is lost, in repair or retired." maxLength={500} />
      <FormButtons submit={setStatus.isPending ? "Saving…" : "Change status"} onCancel={onCancel} />
    </Form>
  );
}
