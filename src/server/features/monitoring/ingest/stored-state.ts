import type { Queryable } from "../../../platform/db/database";
import { type ActivationState, type BufferedReading, parseActivationState } from "../engine";
import * as queries from "./ingest.queries";

// The rule state as stored: the engine's state without its reorder buffer, which is the activation's own readings
// from the first buffered one on — already in monitoring_reading, in the same transaction. Leaving it out makes a
// state row ~0.9 KB instead of ~4.5 KB at one reading a minute, the bulk of what each reading cost to write.

type StoredState = ActivationState & { ingestBuffer?: { from: [number, number]; count: number } };

export function serializeState(state: ActivationState): string {
  const first = state.buffer[0];
  if (!first) return JSON.stringify(state);
  return JSON.stringify({ ...state, buffer: [], ingestBuffer: { from: [first.eventTime, first.sequence], count: state.buffer.length } });
}

/** real columns (4 bytes) back to the decimal a device sent (7 significant digits). */
const decimal = (value: number | null) => (value === null ? null : Number(value.toPrecision(7)));

/**
 * Parses stored states and puts back their buffers from the readings table (one query for all of them).
 * `states`: activation id → stored JSON, device id and device serial (the engine's deviceId).
 */
export async function loadStoredStates(
  tx: Queryable,
  stored: readonly { activationId: string; json: unknown; deviceId: string; serial: string }[],
): Promise<Map<string, ActivationState>> {
  const states = new Map<string, ActivationState>();
  const keys = { activationIds: [] as string[], deviceIds: [] as string[], fromTimes: [] as Date[], fromSequences: [] as number[] };
  const serials = new Map<string, string>();
  for (const item of stored) {
    const state = parseActivationState(item.json) as StoredState;
    if (state.ingestBuffer) {
      keys.activationIds.push(item.activationId);
      keys.deviceIds.push(item.deviceId);
      keys.fromTimes.push(new Date(state.ingestBuffer.from[0]));
      keys.fromSequences.push(state.ingestBuffer.from[1]);
      serials.set(item.activationId, item.serial);
      delete state.ingestBuffer;
    }
    states.set(item.activationId, state);
  }
  for (const row of await queries.readingsFrom(tx, keys)) {
    const buffered: BufferedReading = {
      deviceId: serials.get(row.activation_id)!,
      sequence: row.sequence,
      eventTime: new Date(row.event_time).getTime(),
      latitude: row.latitude,
      longitude: row.longitude,
      accuracyMeters: decimal(row.accuracy_meters),
      batteryPercent: decimal(row.battery_percent),
      strapTamper: row.strap_tamper,
      charging: row.charging,
      alcoholMgPerL: decimal(row.alcohol_mg_per_l),
    };
    states.get(row.activation_id)!.buffer.push(buffered);
  }
  return states;
}
