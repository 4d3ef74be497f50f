// A problem's path in an instrument definition ("definition.domains[1].items[0].askWhen.item") said in words an author
// can follow ("Domain 2 “food”, item 1 “no_fixed_address”, its rule (askWhen), item"), read against the JSON they sent.

const parts = (path: string): (string | number)[] =>
  [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] !== undefined ? Number(match[2]) : match[1]!));

const listNames: Record<string, string> = {
  domains: "domain",
  items: "item",
  options: "option",
  categories: "category",
  cutoffs: "cut-off set",
  bands: "band",
  yearsBeforeBands: "age band",
  flags: "flag",
  when: "condition",
  anyOf: "choice",
};

const fieldNames: Record<string, string> = {
  askWhen: "its rule (askWhen)",
  min: "minimum",
  max: "maximum",
  riskLevels: "risk levels by category",
  supervisionLevels: "supervision levels by category",
};

/** The path in words; the raw path stays beside it on the page for the author's editor. */
export function definitionPathInWords(path: string, sent: unknown): string {
  const words: string[] = [];
  let node: unknown = sent;
  let list: string | undefined;
  for (const part of parts(path)) {
    if (typeof part === "number") {
      node = Array.isArray(node) ? node[part] : undefined;
      const id = node && typeof node === "object" && "id" in node && typeof node.id === "string" ? ` “${node.id}”` : "";
      const name = list ? (listNames[list] ?? list) : "entry";
      words.push(`${name.charAt(0).toUpperCase()}${name.slice(1)} ${part + 1}${id}`);
      list = undefined;
      continue;
    }
    node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
    if (part === "definition") continue;
    if (part in listNames && Array.isArray(node)) {
      list = part;
      continue;
    }
    if (list) words.push(listNames[list] ?? list);
    list = undefined;
    words.push(fieldNames[part] ?? part);
  }
  if (list) words.push(`the ${listNames[list] ?? list} list`);
  return words.length > 0 ? words.join(", ") : "The whole definition";
}
