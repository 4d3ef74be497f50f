// The monitoring rules engine: pure, in process, no database or HTTP. See engine.ts for the evaluation model.
export { checkTimers, evaluate, newActivationState, parseActivationState, type ZoneSource } from "./engine";
export { type CompiledZone, compileZone, haversineMeters, observe, signedDistanceMeters } from "./geometry";
export { windowStartAt } from "./schedule";
export { defaultRuleSettings, ruleSettings } from "./settings";
export type * from "./types";
export { scheduleProblems, zoneProblems } from "./validate";
export { ZoneIndex } from "./zone-index";
