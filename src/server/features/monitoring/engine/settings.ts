import type { RuleSettings } from "./types";

/**
 * Defaults an agency starts from. Alcohol: 0.02 g/210 L breath (the usual "0.02 BrAC", the same as 0.02 g/dL blood on the
 * 2100:1 ratio) is 20 mg / 210 L = 0.095 mg/L; the high threshold is 0.04 g/210 L = 0.19 mg/L. Field units here are mg/L.
 */
export const defaultRuleSettings: Readonly<RuleSettings> = Object.freeze({
  lowBatteryPercent: 20,
  batteryHysteresisPercent: 5,
  noSignalMinutes: 15,
  alcoholThresholdMgPerL: 0.095,
  alcoholHighThresholdMgPerL: 0.19,
  confirmReadings: 2,
  confirmHoldSeconds: 60,
  curfewGraceMinutes: 10,
  boundaryMarginMeters: 10,
  unknownAccuracyMeters: 15,
  maxAccuracyMeters: 500,
  reorderWindowMinutes: 15,
  maxBufferedReadings: 120,
});

/** Fills the settings an agency did not set with the defaults. */
export function ruleSettings(partial: Partial<RuleSettings> = {}): RuleSettings {
  return { ...defaultRuleSettings, ...partial };
}
