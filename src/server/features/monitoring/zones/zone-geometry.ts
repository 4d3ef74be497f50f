// Zone geometry as stored (GeoJSON Polygon or the engine's Circle): the checks a schema cannot make (closed rings,
// self-intersections, vertex counts), the bounding box kept beside each zone (buffer included), and reading a GeoJSON
// FeatureCollection into zones with a report by feature. Pure: no database.
import { kinks } from "@turf/kinks";
import { maxPolygonVertices, type ZoneGeometry } from "../../../../shared/contract/monitoring-zones";

type Polygon = Extract<ZoneGeometry, { type: "Polygon" }>;
export type BoundingBox = { minLat: number; minLon: number; maxLat: number; maxLon: number };

/**
 * The shortest degree of latitude on the WGS84 ellipsoid (at the equator), in metres: dividing by it never gives a box
 * too small (111,320 m, the equator's degree of longitude, left a circle's edge outside by a few centimetres).
 */
const metresPerDegreeLat = 110_574;

/** The box holding the zone and its buffer ring, in degrees (a little generous near the poles, never too small). */
export function boundingBox(geometry: ZoneGeometry, bufferMeters: number): BoundingBox {
  const points = geometry.type === "Circle" ? [geometry.center] : geometry.coordinates.flat();
  const reach = bufferMeters + (geometry.type === "Circle" ? geometry.radiusMeters : 0);
  let minLat = 90;
  let maxLat = -90;
  let minLon = 180;
  let maxLon = -180;
  for (const [lon, lat] of points) {
    minLat = Math.min(minLat, lat!);
    maxLat = Math.max(maxLat, lat!);
    minLon = Math.min(minLon, lon!);
    maxLon = Math.max(maxLon, lon!);
  }
  const dLat = reach / metresPerDegreeLat;
  const widestLat = Math.min(89, Math.max(Math.abs(minLat), Math.abs(maxLat)) + dLat);
  // A degree of longitude is at most 111,320 m × cos(latitude) (WGS84): the smaller figure again, to stay generous.
  const dLon = reach / (metresPerDegreeLat * Math.cos((widestLat * Math.PI) / 180));
  return {
    minLat: Math.max(-90, minLat - dLat),
    maxLat: Math.min(90, maxLat + dLat),
    minLon: Math.max(-180, minLon - dLon),
    maxLon: Math.min(180, maxLon + dLon),
  };
}

/** What is wrong with a polygon, in words (empty when it can be a zone). */
export function polygonProblems(polygon: Polygon): string[] {
  const problems: string[] = [];
  const vertices = polygon.coordinates.reduce((total, ring) => total + ring.length - 1, 0);
  if (vertices > maxPolygonVertices) problems.push(`has ${vertices} vertices; at most ${maxPolygonVertices} are allowed`);
  polygon.coordinates.forEach((ring, index) => {
    const first = ring[0]!;
    const last = ring[ring.length - 1]!;
    const name = index === 0 ? "outer ring" : `hole ${index}`;
    if (ring.length < 4) problems.push(`the ${name} needs at least 3 corners`);
    else if (first[0] !== last[0] || first[1] !== last[1])
      problems.push(`the ${name} is not closed (its last point must repeat its first)`);
  });
  if (problems.length === 0) {
    const crossings = kinks(polygon).features.length;
    if (crossings > 0) problems.push(`crosses itself (${crossings === 1 ? "1 self-intersection" : `${crossings} self-intersections`})`);
  }
  return problems;
}

export function geometryProblems(geometry: ZoneGeometry): string[] {
  return geometry.type === "Polygon" ? polygonProblems(geometry) : [];
}

export type ImportedFeature = { index: number; name: string; geometry: Polygon };
export type ImportIssue = { field: string; message: string };

const isPosition = (value: unknown): value is [number, number] =>
  Array.isArray(value) &&
  value.length >= 2 &&
  typeof value[0] === "number" &&
  typeof value[1] === "number" &&
  Number.isFinite(value[0]) &&
  Number.isFinite(value[1]) &&
  Math.abs(value[0]) <= 180 &&
  Math.abs(value[1]) <= 90;

function asPolygon(coordinates: unknown): Polygon | string {
  if (!Array.isArray(coordinates) || coordinates.length === 0) return "has no rings";
  const rings: [number, number][][] = [];
  for (const ring of coordinates) {
    if (!Array.isArray(ring) || !ring.every(isPosition)) return "has a position that is not [longitude, latitude] within range";
    rings.push(ring.map((position) => [position[0], position[1]] as [number, number]));
  }
  return { type: "Polygon", coordinates: rings };
}

/** Most features a file may hold (a state's schools fit; more is an error, not a slow request). */
export const maxImportFeatures = 20_000;

/**
 * Reads a GeoJSON FeatureCollection into polygons (a MultiPolygon gives one zone per part), with every problem listed by
 * feature index. The caller writes nothing when there is any issue.
 */
export function readFeatureCollection(input: unknown, nameProperty: string): { features: ImportedFeature[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const features: ImportedFeature[] = [];
  const collection = input as { type?: unknown; features?: unknown } | null;
  if (!collection || typeof collection !== "object" || collection.type !== "FeatureCollection" || !Array.isArray(collection.features)) {
    return { features, issues: [{ field: "featureCollection", message: "is not a GeoJSON FeatureCollection" }] };
  }
  if (collection.features.length === 0) return { features, issues: [{ field: "featureCollection", message: "has no features" }] };
  if (collection.features.length > maxImportFeatures)
    return { features, issues: [{ field: "featureCollection", message: `has more than ${maxImportFeatures} features` }] };
  collection.features.forEach((raw: unknown, index: number) => {
    const field = `features.${index}`;
    const feature = raw as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown } | null;
    if (!feature || typeof feature !== "object" || feature.type !== "Feature") {
      issues.push({ field, message: "is not a GeoJSON Feature" });
      return;
    }
    const properties = (feature.properties ?? {}) as Record<string, unknown>;
    const rawName = properties[nameProperty];
    const name = typeof rawName === "string" || typeof rawName === "number" ? String(rawName).trim().slice(0, 150) : "";
    const geometryType = feature.geometry?.type;
    if (geometryType !== "Polygon" && geometryType !== "MultiPolygon") {
      issues.push({
        field,
        message: `has ${geometryType ? `a ${String(geometryType)}` : "no"} geometry; only Polygon and MultiPolygon make zones`,
      });
      return;
    }
    if (!name) issues.push({ field, message: `has no "${nameProperty}" property to name the zone` });
    const parts = geometryType === "Polygon" ? [feature.geometry!.coordinates] : (feature.geometry!.coordinates as unknown[]);
    if (!Array.isArray(parts) || parts.length === 0) {
      issues.push({ field, message: "has no coordinates" });
      return;
    }
    parts.forEach((part, partIndex) => {
      const polygon = asPolygon(part);
      const where = parts.length > 1 ? ` (part ${partIndex + 1})` : "";
      if (typeof polygon === "string") {
        issues.push({ field, message: `${polygon}${where}` });
        return;
      }
      const problems = polygonProblems(polygon);
      for (const problem of problems) issues.push({ field, message: `${problem}${where}` });
      if (name && problems.length === 0)
        features.push({ index, name: parts.length > 1 ? `${name} (${partIndex + 1})` : name, geometry: polygon });
    });
  });
  return { features, issues };
}
