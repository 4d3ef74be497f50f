import { describe, expect, it } from "vitest";
import { requiredClasses, selectorIsUsed, usedClasses } from "./unused-css";

describe("removing unused CSS", () => {
  const used = usedClasses(
    [
      'export const A = () => <div className="usa-button tablet:grid-col-6">x</div>;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template, as the build reads it.
      "const alert = (type: string) => `usa-alert usa-alert--${type}`;",
      'const tags = { open: "bg-base-dark" };',
    ],
    [/^usa-radio/],
  );

  it("keeps selectors whose classes the sources name, in strings, maps and templates", () => {
    expect(selectorIsUsed(used, ".usa-button")).toBe(true);
    expect(selectorIsUsed(used, ".usa-button:hover>.usa-alert")).toBe(true);
    expect(selectorIsUsed(used, ".bg-base-dark")).toBe(true);
    expect(selectorIsUsed(used, ".tablet\\:grid-col-6")).toBe(true);
  });

  it("keeps the modifiers a template completes and the classes kept by pattern", () => {
    expect(selectorIsUsed(used, ".usa-alert--warning .usa-alert")).toBe(true);
    expect(selectorIsUsed(used, ".usa-radio__input:checked+.usa-radio__label")).toBe(true);
  });

  it("drops selectors that need a class no source names", () => {
    expect(selectorIsUsed(used, ".usa-accordion")).toBe(false);
    expect(selectorIsUsed(used, ".usa-button.usa-button--big")).toBe(false);
    expect(selectorIsUsed(used, ".desktop\\:grid-col-6")).toBe(false);
    expect(selectorIsUsed(used, ".usa-button .grid-col")).toBe(false);
  });

  it("keeps element, attribute and pseudo selectors, and ignores classes inside :not() and the like", () => {
    expect(selectorIsUsed(used, "html")).toBe(true);
    expect(selectorIsUsed(used, "[type=checkbox]:focus")).toBe(true);
    expect(selectorIsUsed(used, ".usa-button:not(.usa-button--unstyled):not(:disabled)")).toBe(true);
    expect(requiredClasses(".usa-button:is(.a, :where(.b)) .usa-alert")).toEqual(["usa-button", "usa-alert"]);
  });
});
