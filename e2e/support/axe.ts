import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { expect } from "vitest";

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails on any serious or critical violation. */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  expect(serious, `accessibility violations on ${label} (${page.url()})`).toEqual([]);
}

/** Runs only these axe rules (best practices included, e.g. heading-order) and fails on any violation, whatever its impact. */
export async function expectNoViolationsOf(page: Page, rules: string[], label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withRules(rules).analyze();
  const found = results.violations.map((violation) => ({
    id: violation.id,
    help: violation.help,
    targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
  }));
  expect(found, `${rules.join(", ")} on ${label} (${page.url()})`).toEqual([]);
}
