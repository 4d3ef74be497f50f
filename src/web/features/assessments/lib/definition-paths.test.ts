import { describe, expect, it } from "vitest";
import { definitionPathInWords } from "./definition-paths";

const sent = {
  definition: {
    domains: [
      { id: "housing", items: [{ id: "no_fixed_address" }, { id: "nights_outside", askWhen: { item: "sleeps_rough" } }] },
      { id: "food", items: [] },
    ],
    cutoffs: [{ bands: [{ min: 0 }, { min: 1 }] }],
  },
};

describe("a definition problem's path in words", () => {
  it("names domains and items by their place and id", () => {
    expect(definitionPathInWords("definition.domains[0].items[1].askWhen.item", sent)).toBe(
      "Domain 1 “housing”, Item 2 “nights_outside”, its rule (askWhen), item",
    );
    expect(definitionPathInWords("definition.domains[1].items", sent)).toBe("Domain 2 “food”, the item list");
    expect(definitionPathInWords("definition.cutoffs[0].bands[1].min", sent)).toBe("Cut-off set 1, Band 2, minimum");
  });

  it("copes with paths the JSON does not have and with the root", () => {
    expect(definitionPathInWords("riskLevels.high", sent)).toBe("risk levels by category, high");
    expect(definitionPathInWords("definition.(root)", sent)).toBe("(root)");
    expect(definitionPathInWords("definition", sent)).toBe("The whole definition");
  });
});
