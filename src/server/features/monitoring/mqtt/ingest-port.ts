// What the MQTT transport needs from the ingest pipeline (ingest/pipeline.ts, its own part): a function that stores a
// device's readings durably (idempotent on device and sequence) and resolves only then. It is injected, so the
// transport's acknowledgement rule is tested on its own and the pipeline is wired in main.ts.

export type MqttIngestSource = { transport: "mqtt"; deviceSerial: string; receivedAt: Date };

export type IngestReadingsResult = {
  /** Readings stored now; duplicates (already stored) and rejected ones are not counted here. */
  stored: number;
  duplicates: number;
  /** Readings refused one by one (bad coordinates, unknown device…); the good ones of the message are stored. */
  errors: ReadonlyArray<{ index: number; message: string }>;
};

/** Resolves once the readings are durably stored; rejects when they are not (database down): then nothing is acked. */
export type IngestReadings = (readings: readonly unknown[], source: MqttIngestSource) => Promise<IngestReadingsResult>;

/** A device's answer to a command (replies topic), recorded by the commands part. */
export type CommandReply = {
  deviceSerial: string;
  commandId: string;
  status: "done" | "rejected";
  detail: string | null;
  receivedAt: Date;
};
export type RecordCommandReply = (reply: CommandReply) => Promise<void>;
