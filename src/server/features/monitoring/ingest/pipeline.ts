import type { Logger } from "pino";
import {
  type IngestResult,
  type ReadingError,
  telemetryReading,
  type ValidTelemetryReading,
} from "../../../../shared/contract/monitoring-ingest";
import type { PlatformDeps } from "../../../platform/context";
import type { Database, Queryable } from "../../../platform/db/database";
import { type AlertEventForActivation, type RaisedAlert, recordAlertEvents } from "../alerts/raise";
import { checkTimers, evaluate, newActivationState } from "../engine";
import type { ActivationState, AlertEvent, Reading } from "../engine/types";
import { runAfterCommit } from "./after-commit";
import { authenticateGateway } from "./gateways";
import * as queries from "./ingest.queries";
import type { ReadingsEndpoint } from "./ingest.routes";
import { type CachedActivation, type CachedDevice, createIngestCaches, type IngestCaches } from "./ingest-caches";
import { loadStoredStates, serializeState } from "./stored-state";

// Telemetry ingest: a batch of readings → per-reading validation → device and activation from the caches → one
// transaction that stores the readings (one multi-row insert, duplicates skipped by the key), locks and advances each
// touched activation's rule state through the rules engine, writes the states back (one statement) and records the
// alerts through recordAlertEvents → commit → the answer. Nothing is acknowledged before it is durable.

export type IngestSource = {
  /** A gateway's agency: its readings may name only that agency's devices. Null (MQTT): any agency's. */
  agencyId: string | null;
};

export type IngestDeps = { db: Database; clock: () => Date; log: Logger };

const MINUTE = 60_000;
/** Activations with a scheduled inclusion zone (curfew) are looked at by the timer job at least this often. */
const CURFEW_CHECK_MS = MINUTE;

type Accepted = { index: number; reading: Reading; device: CachedDevice; activation: CachedActivation };

/**
 * One pipeline per process (its caches are this instance's). `ingestReadings` is what the HTTP endpoint and the MQTT
 * subscriber call; `checkDueTimers` is the periodic job's work.
 */
export function createIngestPipeline(deps: IngestDeps, options: { maxCachedStates?: number } = {}) {
  const caches: IngestCaches = createIngestCaches({ maxStates: options.maxCachedStates ?? 50_000 });

  /** When the timer job must next look at this state: the no-signal deadline, or sooner for a curfew. */
  function nextCheckAt(state: ActivationState, activation: CachedActivation, curfew: boolean, now: Date): Date | null {
    if (activation.removedAt !== null && activation.removedAt <= now.getTime()) return null;
    const noSignal =
      state.timers.noSignalSince === null ? state.timers.lastEventTime + activation.settings.noSignalMinutes * MINUTE : Infinity;
    const due = Math.min(noSignal, curfew ? now.getTime() + CURFEW_CHECK_MS : Infinity);
    return Number.isFinite(due) ? new Date(due) : null;
  }

  /**
   * Validates, stores and evaluates one batch. Answers once the batch has committed: `stored` readings are durable,
   * `duplicates` were already stored (or repeated in the batch), `errors` name each refused reading by its index.
   * A database failure rejects the whole batch (nothing stored): the sender retries it, and idempotency makes that safe.
   */
  async function ingestReadings(input: readonly unknown[], source: IngestSource): Promise<IngestResult> {
    const receivedAt = deps.clock();
    const now = receivedAt.getTime();
    const errors: ReadingError[] = [];
    let duplicates = 0;
    const refuse = (index: number, raw: unknown, message: string) => {
      const value = raw as { deviceId?: unknown; sequence?: unknown } | null;
      errors.push({
        index,
        deviceId: typeof value?.deviceId === "string" ? value.deviceId.slice(0, 64) : null,
        sequence: typeof value?.sequence === "number" && Number.isFinite(value.sequence) ? value.sequence : null,
        message,
      });
    };

    // 1. Shape and ranges, reading by reading.
    const shaped: { index: number; value: ValidTelemetryReading; eventTime: number }[] = [];
    const seen = new Set<string>();
    for (let index = 0; index < input.length; index++) {
      const parsed = telemetryReading.safeParse(input[index]);
      if (!parsed.success) {
        refuse(index, input[index], parsed.error.issues.map((issue) => issue.message).join("; "));
        continue;
      }
      const value = parsed.data;
      if ((value.latitude === null) !== (value.longitude === null)) {
        refuse(index, value, "latitude and longitude must be given together");
        continue;
      }
      const key = `${value.deviceId}\u0000${value.sequence}`;
      if (seen.has(key)) {
        duplicates += 1;
        continue;
      }
      seen.add(key);
      shaped.push({ index, value, eventTime: Date.parse(value.eventTime) });
    }

    // 2. Device, agency and activation at the reading's event time, from the caches.
    await caches.refresh(deps.db);
    const devices = await caches.devices(
      deps.db,
      shaped.map((s) => s.value.deviceId),
    );
    const agencies = new Set<string>();
    for (const device of devices.values()) if (device) agencies.add(device.agencyId);
    const settings = await caches.agencySettings(deps.db, agencies);
    const accepted: Accepted[] = [];
    for (const { index, value, eventTime } of shaped) {
      const device = devices.get(value.deviceId);
      if (!device || (source.agencyId !== null && device.agencyId !== source.agencyId)) {
        refuse(index, value, `unknown device: no device has the serial "${value.deviceId}"`);
        continue;
      }
      const agency = settings.get(device.agencyId)!;
      if (eventTime > now + agency.futureToleranceMinutes * MINUTE) {
        refuse(index, value, `event time is more than ${agency.futureToleranceMinutes} minutes in the future`);
        continue;
      }
      if (eventTime < now - agency.retentionDays * 24 * 60 * MINUTE) {
        refuse(index, value, `event time is older than the ${agency.retentionDays} days readings are kept`);
        continue;
      }
      const activation = device.activations.find((a) => a.installedAt <= eventTime && (a.removedAt === null || eventTime < a.removedAt));
      if (!activation) {
        refuse(index, value, "no activation at that time: the device was not on anyone at the reading's event time");
        continue;
      }
      accepted.push({ index, device, activation, reading: toReading(value, eventTime) });
    }
    errors.sort((a, b) => a.index - b.index);
    if (accepted.length === 0) return { stored: 0, duplicates, errors };

    const byActivation = new Map<string, { activation: CachedActivation; device: CachedDevice; readings: Reading[] }>();
    for (const item of accepted) {
      let group = byActivation.get(item.activation.id);
      if (!group) {
        group = { activation: item.activation, device: item.device, readings: [] };
        byActivation.set(item.activation.id, group);
      }
      group.readings.push(item.reading);
    }
    const zoneSets = await caches.zoneSets(
      deps.db,
      [...byActivation.values()].map((g) => ({ caseId: g.activation.caseId, agencyId: g.device.agencyId, tags: g.activation.tags })),
      receivedAt,
    );

    // 3. One transaction: readings, rule states, alerts.
    const columns: queries.ReadingColumns = {
      deviceIds: [],
      activationIds: [],
      sequences: [],
      eventTimes: [],
      latitudes: [],
      longitudes: [],
      accuracies: [],
      speeds: [],
      batteries: [],
      tampers: [],
      charging: [],
      signals: [],
      alcohol: [],
    };
    for (const { reading, device, activation } of accepted) {
      columns.deviceIds.push(device.id);
      columns.activationIds.push(activation.id);
      columns.sequences.push(reading.sequence);
      columns.eventTimes.push(reading.eventTime.toISOString());
      columns.latitudes.push(reading.latitude);
      columns.longitudes.push(reading.longitude);
      columns.accuracies.push(reading.accuracyMeters);
      columns.speeds.push(reading.speedKph);
      columns.batteries.push(reading.batteryPercent);
      columns.tampers.push(reading.strapTamper);
      columns.charging.push(reading.charging);
      columns.signals.push(reading.signalStrength);
      columns.alcohol.push(reading.alcoholMgPerL);
    }
    const touched = [...byActivation.keys()];
    let raised: RaisedAlert[] = [];
    let stored = 0;
    const written = new Map<string, { revision: number; state: ActivationState }>();
    try {
      const result = await deps.db.transaction(async (tx) => {
        // States first: a state reloaded from the database rebuilds its reorder buffer from the stored readings, which
        // must not yet hold this batch's (they would count as already seen and never be evaluated).
        const states = await lockStates(tx, [...byActivation.values()]);
        const inserted = await queries.insertReadings(tx, columns, receivedAt);
        const insertedKeys = new Set(
          inserted.map((row) => `${row.device_id}\u0000${row.sequence}\u0000${new Date(row.event_time).getTime()}`),
        );
        const alertItems: AlertEventForActivation[] = [];
        const update = {
          activationIds: [] as string[],
          states: [] as string[],
          lastEventAts: [] as (Date | null)[],
          nextCheckAts: [] as (Date | null)[],
        };
        for (const [activationId, group] of byActivation) {
          const fresh = group.readings.filter((r) =>
            insertedKeys.has(`${group.device.id}\u0000${r.sequence}\u0000${r.eventTime.getTime()}`),
          );
          if (fresh.length === 0) continue;
          const locked = states.get(activationId)!;
          const zoneSet = zoneSets.get(group.activation.caseId)!;
          const evaluated = evaluate(locked.state, zoneSet.source, fresh, group.activation.settings);
          for (const event of evaluated.alerts) alertItems.push(forActivation(group, event));
          update.activationIds.push(activationId);
          update.states.push(serializeState(evaluated.state));
          update.lastEventAts.push(evaluated.state.timers.lastEventTime ? new Date(evaluated.state.timers.lastEventTime) : null);
          update.nextCheckAts.push(nextCheckAt(evaluated.state, group.activation, zoneSet.hasScheduledInclusion, receivedAt));
          written.set(activationId, { revision: locked.revision + 1, state: evaluated.state });
        }
        await queries.updateRuleStates(tx, update, receivedAt);
        const alerts = alertItems.length > 0 ? await recordAlertEvents(tx, alertItems, receivedAt) : [];
        return { alerts, stored: inserted.length };
      });
      raised = result.alerts;
      stored = result.stored;
    } catch (error) {
      // Not known what the database kept of a failed commit: read these states from it next time.
      for (const activationId of touched) caches.forgetState(activationId);
      throw error;
    }
    for (const [activationId, cached] of written) caches.setState(activationId, cached);
    duplicates += accepted.length - stored;
    if (raised.length > 0) {
      await runAfterCommit({ alerts: raised, receivedAt, committedAt: deps.clock(), source: "readings" }, (error) =>
        deps.log.error({ err: error }, "an after-commit listener of ingest failed"),
      );
    }
    return { stored, duplicates, errors };
  }

  /**
   * Locks the activations' states (creating fresh ones where none exists) and answers each with its revision: the
   * cached state when its revision is the stored one, else the stored state parsed.
   */
  async function lockStates(
    tx: Queryable,
    groups: readonly { activation: CachedActivation; device: CachedDevice }[],
  ): Promise<Map<string, { revision: number; state: ActivationState }>> {
    const unknown = groups.map((g) => g.activation).filter((a) => caches.state(a.id) === undefined);
    if (unknown.length > 0) {
      await queries.createMissingRuleStates(tx, {
        activationIds: unknown.map((a) => a.id),
        states: unknown.map((a) => JSON.stringify(newActivationState(new Date(a.installedAt)))),
        nextCheckAts: unknown.map((a) => new Date(a.installedAt + a.settings.noSignalMinutes * MINUTE)),
      });
    }
    const ids = groups.map((g) => g.activation.id);
    // The cached states as they are now: a concurrent batch may evict or replace an entry while this one waits.
    const cached = new Map(ids.map((id) => [id, caches.state(id)]));
    const rows = await queries.lockRuleStates(
      tx,
      ids,
      ids.map((id) => cached.get(id)?.revision ?? -1),
    );
    const deviceOf = new Map(groups.map((g) => [g.activation.id, g.device]));
    const loaded = await loadStoredStates(
      tx,
      rows
        .filter((row) => row.state !== null || !cached.get(row.activation_id))
        .map((row) => ({
          activationId: row.activation_id,
          json: row.state,
          deviceId: deviceOf.get(row.activation_id)!.id,
          serial: deviceOf.get(row.activation_id)!.serial,
        })),
    );
    const states = new Map<string, { revision: number; state: ActivationState }>();
    for (const row of rows) {
      // The engine advances a state in place: evaluate a copy of the cached one, so a batch that rolls back leaves
      // the cache as committed for a concurrent batch of the same activation.
      states.set(row.activation_id, {
        revision: row.revision,
        state: loaded.get(row.activation_id) ?? structuredClone(cached.get(row.activation_id)!.state),
      });
    }
    return states;
  }

  /**
   * The timer job's work: every rule state whose check is due (no signal for N minutes, a curfew window with no
   * reading inside) is checked with the engine's checkTimers, in transactions of up to `batchSize` states; the state
   * and its alerts commit together. Rows are claimed with SKIP LOCKED: several instances share the work, none twice.
   */
  async function checkDueTimers(now: Date, batchSize = 500): Promise<number> {
    let checked = 0;
    await startMissingClocks(now);
    await caches.refresh(deps.db);
    for (;;) {
      const { count, raised } = await deps.db.transaction(async (tx) => {
        const due = await queries.claimDueRuleStates(tx, now, batchSize);
        if (due.length === 0) return { count: 0, raised: [] as RaisedAlert[] };
        const devices = await caches.devicesById(tx, [...new Set(due.map((row) => row.device_id))]);
        const zoneSets = await caches.zoneSets(
          tx,
          due.map((row) => ({ caseId: row.case_id, agencyId: row.agency_id, tags: row.case_tags })),
          now,
        );
        const update = {
          activationIds: [] as string[],
          states: [] as string[],
          lastEventAts: [] as (Date | null)[],
          nextCheckAts: [] as (Date | null)[],
        };
        const items: AlertEventForActivation[] = [];
        const loaded = await loadStoredStates(
          tx,
          due
            .filter((row) => devices.has(row.device_id))
            .map((row) => ({
              activationId: row.activation_id,
              json: row.state,
              deviceId: row.device_id,
              serial: devices.get(row.device_id)!.serial,
            })),
        );
        for (const row of due) {
          const device = devices.get(row.device_id);
          const activation = device?.activations.find((a) => a.id === row.activation_id);
          update.activationIds.push(row.activation_id);
          if (!device || !activation || (activation.removedAt !== null && activation.removedAt <= now.getTime())) {
            // Removed: nothing is due any more.
            update.states.push(JSON.stringify(row.state));
            update.lastEventAts.push(null);
            update.nextCheckAts.push(null);
            continue;
          }
          const state = loaded.get(row.activation_id)!;
          const zoneSet = zoneSets.get(row.case_id)!;
          const result = checkTimers(state, zoneSet.source, now, activation.settings);
          for (const event of result.alerts) items.push(forActivation({ activation, device }, event));
          update.states.push(serializeState(result.state));
          update.lastEventAts.push(new Date(result.state.timers.lastEventTime));
          update.nextCheckAts.push(nextCheckAt(result.state, activation, zoneSet.hasScheduledInclusion, now) ?? null);
          caches.forgetState(row.activation_id);
        }
        await queries.updateRuleStates(tx, update, now);
        const alerts = items.length > 0 ? await recordAlertEvents(tx, items, now) : [];
        return { count: due.length, raised: alerts };
      });
      checked += count;
      if (raised.length > 0) {
        await runAfterCommit({ alerts: raised, receivedAt: now, committedAt: deps.clock(), source: "timers" }, (error) =>
          deps.log.error({ err: error }, "an after-commit listener of the timer job failed"),
        );
      }
      if (count < batchSize) return checked;
    }
  }

  /** Activations with no reading yet get a state from their install time, so no-signal starts counting at install. */
  async function startMissingClocks(now: Date): Promise<void> {
    const rows = await queries.activationsWithoutState(deps.db, 5_000);
    if (rows.length === 0) return;
    await queries.createMissingRuleStates(deps.db, {
      activationIds: rows.map((row) => row.activation_id),
      states: rows.map((row) => JSON.stringify(newActivationState(new Date(row.installed_at)))),
      nextCheckAts: rows.map((row) => {
        const minutes = ((row.rule_settings ?? {}) as { noSignalMinutes?: number }).noSignalMinutes ?? 15;
        return new Date(Math.max(new Date(row.installed_at).getTime() + minutes * MINUTE, now.getTime() - MINUTE));
      }),
    });
  }

  return { ingestReadings, checkDueTimers, caches };
}

export type IngestPipeline = ReturnType<typeof createIngestPipeline>;

/** What the HTTP endpoint needs: gateway authentication on the raw handle (no actor: a machine) and the pipeline. */
export function readingsEndpoint(deps: PlatformDeps, pipeline: IngestPipeline): ReadingsEndpoint {
  return {
    authenticate: (headers, body) => authenticateGateway(deps.db, deps.secretBox, { headers, body }, deps.clock()),
    ingest: (readings, agencyId) => pipeline.ingestReadings(readings, { agencyId }),
  };
}

function toReading(value: ValidTelemetryReading, eventTime: number): Reading {
  return {
    deviceId: value.deviceId,
    sequence: value.sequence,
    eventTime: new Date(eventTime),
    latitude: value.latitude,
    longitude: value.longitude,
    accuracyMeters: value.accuracyMeters,
    speedKph: value.speedKph,
    batteryPercent: value.batteryPercent,
    strapTamper: value.strapTamper,
    charging: value.charging,
    signalStrength: value.signalStrength,
    alcoholMgPerL: value.alcoholMgPerL,
  };
}

function forActivation(group: { activation: CachedActivation; device: CachedDevice }, event: AlertEvent): AlertEventForActivation {
  // The engine's whole event goes through (key, clears, withdrawsKey included): recordAlertEvents decides what each means.
  return { agencyId: group.device.agencyId, activationId: group.activation.id, caseId: group.activation.caseId, event };
}
