import { levelOrder } from "../../../../shared/contract/level-review";
import type { ResponseEffect, ResponseKind } from "../../../../shared/contract/violations";
import { SelectField, TextField } from "../../../components/form";
import { levelLabels } from "../../../lib/supervision-labels";

/**
 * What a response that changes supervision sets with it: the higher level, or the curfew's hours (a new curfew
 * condition version). `prefix` is the effect's path in the request ("effect." or "enforcement.effect.").
 */
export function ResponseEffectFields({ prefix, response }: { prefix: string; response: ResponseKind | "" | undefined }) {
  if (response === "supervision_level_increase") {
    return (
      <SelectField
        name={`${prefix}supervisionLevel`}
        label="Higher supervision level"
        hint="Recorded in the case's level history when the response takes effect; the contact standards follow it."
        options={levelOrder.slice(1).map((level) => ({ value: level, label: levelLabels[level] }))}
        placeholder="- Choose -"
      />
    );
  }
  if (response === "curfew") {
    return (
      <fieldset className="usa-fieldset">
        <legend className="usa-legend">Curfew hours</legend>
        <p className="usa-hint margin-top-05">A new version of the case's curfew condition from the day the response takes effect.</p>
        <div className="grid-row grid-gap-2">
          <div className="grid-col-6">
            <TextField name={`${prefix}curfew.start`} label="From" type="time" />
          </div>
          <div className="grid-col-6">
            <TextField name={`${prefix}curfew.end`} label="Until" type="time" />
          </div>
        </div>
      </fieldset>
    );
  }
  return null;
}

/** Only the effect the chosen response takes (fields of another response the officer tried first are dropped). */
export function effectFor(response: ResponseKind | undefined, effect: ResponseEffect | undefined): ResponseEffect | undefined {
  if (response === "supervision_level_increase") return { supervisionLevel: effect?.supervisionLevel };
  if (response === "curfew") return { curfew: effect?.curfew as ResponseEffect["curfew"] };
  return undefined;
}
