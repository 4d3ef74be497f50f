// The assessment form's values and the request they make. Form fields hold text (radio values, input text, checked
// options); the request holds typed answers (a choice's value, a list, a whole number, true/false, a date), with null
// for a question left blank so that clearing an answer clears it on the server too.
import type { Answers } from "../../../../shared/instruments/scoring";
import type { InstrumentDefinition } from "../api/assessments";

type Item = InstrumentDefinition["domains"][number]["items"][number];
export type AnswerValues = { answers: Record<string, string | string[]>; expectedVersion: number };

export const itemsOf = (instrument: InstrumentDefinition): Item[] => instrument.domains.flatMap((domain) => domain.items);

/** The form's values for stored answers. */
export function formValuesOf(instrument: InstrumentDefinition, answers: Answers, expectedVersion: number): AnswerValues {
  const values: Record<string, string | string[]> = {};
  for (const item of itemsOf(instrument)) {
    const answer = answers[item.id];
    if (item.type === "multi_choice") values[item.id] = Array.isArray(answer) ? answer.map(String) : [];
    else if (item.type === "yes_no") values[item.id] = answer === true ? "yes" : answer === false ? "no" : "";
    else values[item.id] = answer === undefined || answer === null ? "" : String(answer);
  }
  return { answers: values, expectedVersion };
}

/** The typed answers of the form's values: blank is null; a number that is not a whole number stays text (the server names it). */
export function answersOf(instrument: InstrumentDefinition, values: AnswerValues): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const item of itemsOf(instrument)) {
    const value = values.answers[item.id];
    if (item.type === "multi_choice") {
      answers[item.id] = Array.isArray(value) && value.length > 0 ? value : null;
      continue;
    }
    const text = typeof value === "string" ? value.trim() : "";
    if (text === "") answers[item.id] = null;
    else if (item.type === "yes_no") answers[item.id] = text === "yes";
    else if (item.type === "number") answers[item.id] = /^-?\d+$/.test(text) ? Number(text) : text;
    else answers[item.id] = text;
  }
  return answers;
}

/** Whether an item is asked, given the answers so far (its askWhen rule looks at an earlier answer). */
export function isAsked(item: Item, answers: Record<string, unknown>): boolean {
  const rule = item.askWhen;
  if (!rule) return true;
  const answer = answers[rule.item];
  if (answer === undefined || answer === null) return false;
  if ("is" in rule) return answer === rule.is;
  if ("atLeast" in rule) return typeof answer === "number" && answer >= rule.atLeast;
  return Array.isArray(answer) ? answer.some((value) => rule.anyOf.includes(String(value))) : rule.anyOf.includes(String(answer));
}

/** "4 a month", "1 every 2 months", "1 a quarter". */
export function perPeriod(count: number, periodMonths: number): string {
  if (periodMonths === 1) return `${count} a month`;
  if (periodMonths === 3) return `${count} a quarter`;
  return `${count} every ${periodMonths} months`;
}
