import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MatrixRow, responseKinds, responseMatrixRows, violationSeverities } from "../../../shared/contract/violations";
import { cellFor, checkMatrix, defaultMatrixRows, riskLevels } from "./response-matrix";

const everyCell = (responses: MatrixRow["cells"]["low"] = ["verbal_warning"]) =>
  Object.fromEntries(riskLevels.map((risk) => [risk, responses])) as MatrixRow["cells"];

describe("response matrix validation", () => {
  it("accepts the shipped default, which the contract's schema accepts too", () => {
    expect(responseMatrixRows.safeParse(defaultMatrixRows).success).toBe(true);
    expect(checkMatrix(defaultMatrixRows)).toEqual([]);
  });

  it("names an undefined cell: a risk level left out, or left without responses", () => {
    const rows: MatrixRow[] = [
      { severities: ["low"], cells: everyCell() },
      { severities: ["medium"], cells: { ...everyCell(), high: [] } },
      { severities: ["high"], cells: { low: ["curfew"], moderate: ["curfew"], high: ["curfew"] } },
    ];
    expect(checkMatrix(rows)).toEqual([
      { field: "rows.1.cells.high", message: "The cell medium severity × high risk is not defined: allow at least one response" },
      { field: "rows.2.cells.very_high", message: "The cell high severity × very high risk is not defined: allow at least one response" },
    ]);
  });

  it("refuses overlapping severities, naming both rows, and a severity no row covers", () => {
    const rows: MatrixRow[] = [
      { severities: ["low", "medium"], cells: everyCell() },
      { severities: ["medium"], cells: everyCell() },
    ];
    expect(checkMatrix(rows)).toEqual([
      { field: "rows.1.severities", message: "Severity medium is in rows 1 and 2: rows may not overlap" },
      { field: "rows", message: "No row covers severity high: its cells are not defined" },
    ]);
  });

  it("refuses a response named twice in one cell", () => {
    const rows: MatrixRow[] = [{ severities: ["low", "medium", "high"], cells: { ...everyCell(), low: ["curfew", "curfew"] } }];
    expect(checkMatrix(rows)).toEqual([
      { field: "rows.0.cells.low", message: "The cell low/medium/high severity × low risk names a response twice" },
    ]);
  });

  it("finds the cell of a severity and risk level", () => {
    expect(cellFor(defaultMatrixRows, "high", "very_high")).toEqual(["short_sanction", "report_to_authority"]);
    expect(cellFor(defaultMatrixRows, "low", "low")).toEqual(["verbal_warning", "written_warning"]);
  });

  // Any partition of the severities into rows, every cell with distinct responses: valid. Then take one cell away:
  // exactly that cell is named.
  const partitions = fc
    .array(fc.integer({ min: 0, max: violationSeverities.length - 1 }), {
      minLength: violationSeverities.length,
      maxLength: violationSeverities.length,
    })
    .map((groupOf) => {
      const groups = new Map<number, (typeof violationSeverities)[number][]>();
      for (const [index, severity] of violationSeverities.entries()) {
        const group = groupOf[index]!;
        groups.set(group, [...(groups.get(group) ?? []), severity]);
      }
      return [...groups.values()];
    });
  const cells = fc.uniqueArray(fc.constantFrom(...responseKinds), { minLength: 1, maxLength: responseKinds.length });
  const matrices = partitions.chain((groups) =>
    fc.tuple(
      ...groups.map((severities) =>
        fc
          .tuple(cells, cells, cells, cells)
          .map(([low, moderate, high, very_high]) => ({ severities, cells: { low, moderate, high, very_high } })),
      ),
    ),
  );

  it("accepts every matrix whose rows partition the severities with every cell defined", () => {
    fc.assert(fc.property(matrices, (rows) => checkMatrix(rows).length === 0));
  });

  it("names exactly the cell that is taken away", () => {
    fc.assert(
      fc.property(matrices, fc.nat(), fc.constantFrom(...riskLevels), (rows, rowPick, risk) => {
        const index = rowPick % rows.length;
        const broken = rows.map((row, at) => (at === index ? { ...row, cells: { ...row.cells, [risk]: undefined } } : row));
        const issues = checkMatrix(broken);
        expect(issues.map((issue) => issue.field)).toEqual([`rows.${index}.cells.${risk}`]);
      }),
    );
  });
});
