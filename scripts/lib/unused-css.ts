import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Drops the rules of a stylesheet (USWDS's whole 560 kB build) whose selectors need a class no source of the web
 * app names, so the browser downloads, parses and matches only what the app can use. A class counts as used when
 * it appears whole in a source file (a string, a template, a map of classes), when it starts with a modifier
 * prefix a template completes (`usa-alert--${type}`), or when a `keep` pattern says so. Element, attribute and
 * pseudo selectors are never removed; a class inside :not(), :is(), :where() or :has() does not count against a
 * selector (`.usa-button:not(.usa-button--unstyled)` stays while .usa-button is used).
 */
export type UsedClasses = { names: Set<string>; prefixes: string[]; keep: RegExp[] };

/** Every word that could be a class name in the sources, and the modifier prefixes completed by a template. */
export function usedClasses(sources: string[], keep: RegExp[] = []): UsedClasses {
  const names = new Set<string>();
  const prefixes = new Set<string>();
  for (const source of sources) {
    for (const [token] of source.matchAll(/[\w:-]+/g)) names.add(token);
    for (const [, prefix] of source.matchAll(/([\w:-]+--)\$\{/g)) prefixes.add(prefix as string);
  }
  return { names, prefixes: [...prefixes], keep };
}

/** The source files (.ts, .tsx, .html; tests left out) at or under the paths given, read whole. */
export function readSources(paths: string[]): string[] {
  const sources: string[] = [];
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (/\.(tsx?|html)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) sources.push(readFileSync(child, "utf8"));
    }
  };
  for (const path of paths) {
    if (statSync(path).isDirectory()) visit(path);
    else sources.push(readFileSync(path, "utf8"));
  }
  return sources;
}

const isUsed = (used: UsedClasses, name: string) =>
  used.names.has(name) || used.prefixes.some((prefix) => name.startsWith(prefix)) || used.keep.some((pattern) => pattern.test(name));

/** The classes a selector needs, leaving out those inside functional pseudo-classes (:not(), :is()...). */
export function requiredClasses(selector: string): string[] {
  let outer = selector;
  // Innermost parentheses first, until none is left.
  for (let previous = ""; previous !== outer; ) {
    previous = outer;
    outer = outer.replace(/\([^()]*\)/g, "");
  }
  return [...outer.matchAll(/\.((?:\\.|[\w-])+)/g)].map(([, name]) => (name as string).replace(/\\(.)/g, "$1"));
}

/** Whether a selector can match an element the app renders. */
export const selectorIsUsed = (used: UsedClasses, selector: string) => requiredClasses(selector).every((name) => isUsed(used, name));

// The few PostCSS node shapes this needs (the plugin runs inside Vite's PostCSS, which it does not import).
type CssNode = { type: string; parent?: CssContainer; remove(): void };
type CssContainer = CssNode & { nodes?: CssNode[] };
type CssRule = CssNode & { selectors: string[] };
type CssRoot = CssContainer & {
  source?: { input?: { file?: string } };
  walkRules(callback: (rule: CssRule) => void): void;
  walkAtRules(callback: (atRule: CssContainer & { name: string }) => void): void;
};

/** A PostCSS plugin that applies usedClasses to the stylesheets whose file path matches `files`. */
export function removeUnusedCss(files: RegExp, used: () => UsedClasses) {
  return {
    postcssPlugin: "waypoint-remove-unused-css",
    Once(root: CssRoot) {
      if (!files.test(root.source?.input?.file ?? "")) return;
      const classes = used();
      root.walkRules((rule) => {
        if (rule.parent?.type === "atrule" && /keyframes$/.test((rule.parent as unknown as { name: string }).name)) return;
        const kept = rule.selectors.filter((selector) => selectorIsUsed(classes, selector));
        if (kept.length === 0) rule.remove();
        else if (kept.length < rule.selectors.length) rule.selectors = kept;
      });
      // @media and @supports blocks left without rules.
      root.walkAtRules((atRule) => {
        if (atRule.nodes !== undefined && atRule.nodes.length === 0) atRule.remove();
      });
    },
  };
}
