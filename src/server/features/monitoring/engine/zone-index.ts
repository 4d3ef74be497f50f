import Flatbush from "flatbush";
import { type CompiledZone, compileZone, METERS_PER_DEGREE } from "./geometry";
import type { Zone } from "./types";

// Below this many zones a linear scan beats the tree (and the per-search array it allocates).
const TREE_FROM = 16;
const RAD = Math.PI / 180;

/**
 * A set of zones ready for evaluation. Built once per zone set (e.g. an agency's thousands of shared exclusion zones,
 * shared by every activation that carries the tag) and reused across calls: a flatbush R-tree over each zone's bounding
 * box grown by its buffer finds the few zones near a reading in O(log n). Inclusion zones are always candidates (their
 * absence rule must run however far away the person is), so an index of shared zones should hold exclusion zones.
 */
export class ZoneIndex {
  readonly zones: readonly CompiledZone[];
  /** Inclusion zones, evaluated for every reading. */
  readonly inclusion: readonly CompiledZone[];
  private readonly byId = new Map<string, CompiledZone>();
  private readonly tree: Flatbush | null;
  private readonly treeZones: CompiledZone[] = [];
  private readonly scanZones: CompiledZone[] = [];

  constructor(zones: readonly Zone[]) {
    const compiled = zones.map(compileZone);
    this.zones = compiled;
    this.inclusion = compiled.filter((z) => !z.exclusion);
    for (const z of compiled) this.byId.set(z.id, z);
    const exclusion = compiled.filter((z) => z.exclusion);
    if (exclusion.length >= TREE_FROM) {
      const tree = new Flatbush(exclusion.length);
      for (const z of exclusion) {
        const dLat = z.bufferMeters / METERS_PER_DEGREE;
        const edge = Math.min(89.9, Math.max(Math.abs(z.minLat), Math.abs(z.maxLat)) + dLat);
        const dLon = z.bufferMeters / (METERS_PER_DEGREE * Math.max(Math.cos(edge * RAD), 1e-6));
        tree.add(z.minLon - dLon, z.minLat - dLat, z.maxLon + dLon, z.maxLat + dLat);
        this.treeZones.push(z);
      }
      tree.finish();
      this.tree = tree;
    } else {
      this.tree = null;
      this.scanZones.push(...exclusion);
    }
  }

  get(id: string): CompiledZone | undefined {
    return this.byId.get(id);
  }

  /**
   * Calls `visit` for every zone that may matter for a reading at (lon, lat) with this accuracy: all inclusion zones
   * and the exclusion zones whose box plus buffer lies within `accuracyMeters` of the point.
   */
  forCandidates(lon: number, lat: number, accuracyMeters: number, visit: (z: CompiledZone) => void): void {
    for (const z of this.inclusion) visit(z);
    for (const z of this.scanZones) visit(z);
    const tree = this.tree;
    if (tree) {
      const dLat = accuracyMeters / METERS_PER_DEGREE;
      const dLon = accuracyMeters / (METERS_PER_DEGREE * Math.max(Math.cos(Math.min(89.9, Math.abs(lat) + dLat) * RAD), 1e-6));
      const zones = this.treeZones;
      tree.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat, (i) => {
        visit(zones[i]!);
        return false;
      });
    }
  }
}
