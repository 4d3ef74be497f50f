import type { Queryable } from "../../../platform/db/database";
import { ruleSettings } from "../engine/settings";
import type { RuleSettings, Schedule, Zone, ZoneGeometry } from "../engine/types";
import { ZoneIndex } from "../engine/zone-index";
import { caseZones, sharedZones, type ZoneRow } from "../zones/zones-for-evaluation";
import * as queries from "./ingest.queries";

// In-process caches of what every reading needs: device → activations, a case's zones, an agency's shared zones by
// tag, the agency's ingest settings and each activation's rule state. They are kept current across instances by the
// change log (migration 039): before each batch an instance reads the changes after the last version it saw (one
// small query, usually empty) and drops the entries they name. Rule states are checked by revision under the row lock
// of the batch's transaction instead (see pipeline.ts), so a state written by another instance is never used stale.

export type CachedActivation = {
  id: string;
  caseId: string;
  installedAt: number;
  removedAt: number | null;
  settings: RuleSettings;
  tags: readonly string[];
};

export type CachedDevice = { id: string; serial: string; agencyId: string; activations: CachedActivation[] };

export type CachedState = { revision: number; state: import("../engine/types").ActivationState };

/** Zones of one case as the engine takes them: its own index plus the shared indexes of its tags (one array, reused). */
export type CaseZoneSet = { source: (ZoneIndex | Zone)[]; hasScheduledInclusion: boolean };

const DEFAULT_FUTURE_TOLERANCE_MINUTES = 5;
const DEFAULT_RETENTION_DAYS = 400;

/** How far back zones are loaded: readings older than the engine's reorder window are not evaluated against zones. */
const ZONE_LOOKBACK_MS = 24 * 3_600_000;

export function toEngineZone(row: ZoneRow): Zone {
  const schedule = row.schedule as
    | (Omit<Schedule, "exceptions"> & { exceptions?: { from: string; to: string; kind: "excused" | "extra" }[] })
    | null;
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    geometry: row.geometry as ZoneGeometry,
    bufferMeters: row.bufferMeters,
    schedule: schedule
      ? {
          timeZone: schedule.timeZone,
          windows: schedule.windows,
          exceptions: (schedule.exceptions ?? []).map((e) => ({ from: new Date(e.from), to: new Date(e.to), kind: e.kind })),
        }
      : null,
    validFrom: row.validFrom,
    validTo: row.validTo,
  };
}

export function createIngestCaches(options: { maxStates?: number } = {}) {
  const maxStates = options.maxStates ?? 50_000;
  let version = -1;
  const devicesBySerial = new Map<string, CachedDevice | null>();
  const serialById = new Map<string, string>();
  const caseZoneSets = new Map<string, CaseZoneSet>();
  /** agency → tag → index of its shared zones with that tag. */
  const sharedByAgency = new Map<string, Map<string, ZoneIndex>>();
  const settingsByAgency = new Map<string, { futureToleranceMinutes: number; retentionDays: number }>();
  const states = new Map<string, CachedState>();

  function forgetDevice(deviceId: string) {
    const serial = serialById.get(deviceId);
    if (serial !== undefined) devicesBySerial.delete(serial);
    serialById.delete(deviceId);
    // A new device may carry a serial a reading named before it existed.
    for (const [key, value] of devicesBySerial) if (value === null) devicesBySerial.delete(key);
  }

  function clearAll() {
    devicesBySerial.clear();
    serialById.clear();
    caseZoneSets.clear();
    sharedByAgency.clear();
    settingsByAgency.clear();
  }

  function storeDevices(rows: queries.DeviceActivationRow[]) {
    for (const row of rows) {
      let device = devicesBySerial.get(row.serial);
      if (!device) {
        device = { id: row.device_id, serial: row.serial, agencyId: row.agency_id, activations: [] };
        devicesBySerial.set(row.serial, device);
        serialById.set(row.device_id, row.serial);
      }
      if (row.activation_id && row.case_id && row.installed_at) {
        device.activations.push({
          id: row.activation_id,
          caseId: row.case_id,
          installedAt: new Date(row.installed_at).getTime(),
          removedAt: row.removed_at ? new Date(row.removed_at).getTime() : null,
          settings: ruleSettings((row.rule_settings ?? {}) as Partial<RuleSettings>),
          tags: row.case_tags ?? [],
        });
      }
    }
  }

  return {
    /** Reads the change log and drops what it names (everything, if this instance fell behind the purged log). */
    async refresh(db: Queryable): Promise<void> {
      const { version: current, changes } = await queries.changesSince(db, Math.max(version, 0));
      if (current === version) return;
      if (version < 0 || (changes.length > 0 && changes[0]!.version > version + 1)) {
        clearAll();
      } else {
        const affectedCases = new Set<string>();
        for (const change of changes) {
          if (change.kind === "device") {
            const serial = serialById.get(change.key);
            const device = serial !== undefined ? devicesBySerial.get(serial) : undefined;
            for (const activation of device?.activations ?? []) affectedCases.add(activation.caseId);
            forgetDevice(change.key);
          } else if (change.kind === "case") {
            affectedCases.add(change.key);
            caseZoneSets.delete(change.key);
          } else {
            sharedByAgency.delete(change.key);
            // Every case set of the agency holds the agency's old indexes.
            caseZoneSets.clear();
          }
        }
        // A case's tags live on its activations' cached entries: drop the devices of changed cases too.
        if (affectedCases.size > 0) {
          for (const [serial, device] of devicesBySerial) {
            if (device?.activations.some((a) => affectedCases.has(a.caseId))) {
              devicesBySerial.delete(serial);
              serialById.delete(device.id);
            }
          }
          for (const caseId of affectedCases) caseZoneSets.delete(caseId);
        }
      }
      version = current;
    },

    /** The devices of these serials (null: no such device), loading the ones not cached in one query. */
    async devices(db: Queryable, serials: Iterable<string>): Promise<Map<string, CachedDevice | null>> {
      const missing = [...new Set(serials)].filter((serial) => !devicesBySerial.has(serial));
      if (missing.length > 0) {
        storeDevices(await queries.devicesBySerial(db, missing));
        for (const serial of missing) if (!devicesBySerial.has(serial)) devicesBySerial.set(serial, null);
      }
      return devicesBySerial;
    },

    async devicesById(db: Queryable, ids: readonly string[]): Promise<Map<string, CachedDevice>> {
      const missing = ids.filter((id) => !serialById.has(id));
      if (missing.length > 0) storeDevices(await queries.devicesById(db, missing));
      const found = new Map<string, CachedDevice>();
      for (const id of ids) {
        const device = devicesBySerial.get(serialById.get(id) ?? "");
        if (device) found.set(id, device);
      }
      return found;
    },

    async agencySettings(db: Queryable, agencyIds: Iterable<string>) {
      const missing = [...new Set(agencyIds)].filter((id) => !settingsByAgency.has(id));
      if (missing.length > 0) {
        const rows = await queries.ingestSettings(db, missing);
        for (const id of missing) {
          const row = rows.find((candidate) => candidate.agency_id === id);
          settingsByAgency.set(id, {
            futureToleranceMinutes: row?.future_tolerance_minutes ?? DEFAULT_FUTURE_TOLERANCE_MINUTES,
            retentionDays: row?.retention_days ?? DEFAULT_RETENTION_DAYS,
          });
        }
      }
      return settingsByAgency;
    },

    /** Zone sets of these cases, loading the missing ones (a few at a time on the pool: one query per case). */
    async zoneSets(
      db: Queryable,
      cases: readonly { caseId: string; agencyId: string; tags: readonly string[] }[],
      now: Date,
    ): Promise<Map<string, CaseZoneSet>> {
      const from = new Date(now.getTime() - ZONE_LOOKBACK_MS);
      const agencies = [...new Set(cases.filter((c) => !caseZoneSets.has(c.caseId)).map((c) => c.agencyId))].filter(
        (agencyId) => !sharedByAgency.has(agencyId),
      );
      for (const agencyId of agencies) {
        const byTag = new Map<string, Zone[]>();
        for (const row of await sharedZones(db, agencyId, from)) {
          if (!row.appliesToTag) continue;
          const list = byTag.get(row.appliesToTag) ?? [];
          list.push(toEngineZone(row));
          byTag.set(row.appliesToTag, list);
        }
        sharedByAgency.set(agencyId, new Map([...byTag].map(([tag, zones]) => [tag, new ZoneIndex(zones)])));
      }
      const missing = cases.filter((c, i) => !caseZoneSets.has(c.caseId) && cases.findIndex((o) => o.caseId === c.caseId) === i);
      const parallel = 4;
      for (let start = 0; start < missing.length; start += parallel) {
        await Promise.all(
          missing.slice(start, start + parallel).map(async (c) => {
            const own = (await caseZones(db, c.caseId, from)).map(toEngineZone);
            const shared = sharedByAgency.get(c.agencyId);
            const source: (ZoneIndex | Zone)[] = [];
            if (own.length > 0) source.push(new ZoneIndex(own));
            for (const tag of c.tags) {
              const index = shared?.get(tag);
              if (index) source.push(index);
            }
            caseZoneSets.set(c.caseId, {
              source,
              hasScheduledInclusion: own.some((zone) => zone.kind === "inclusion" && zone.schedule !== null),
            });
          }),
        );
      }
      return caseZoneSets;
    },

    state(activationId: string): CachedState | undefined {
      return states.get(activationId);
    },
    setState(activationId: string, cached: CachedState) {
      states.delete(activationId);
      states.set(activationId, cached);
      // Oldest-touched first out: a Map iterates in insertion order and a touch re-inserts.
      if (states.size > maxStates) states.delete(states.keys().next().value!);
    },
    forgetState(activationId: string) {
      states.delete(activationId);
    },
    get stateCount() {
      return states.size;
    },
  };
}

export type IngestCaches = ReturnType<typeof createIngestCaches>;
