import type { z } from "zod";
import type { notificationPreferences } from "../../../../shared/contract/notifications";

type Preferences = z.infer<typeof notificationPreferences>;

/** The preferences as the form holds them: quiet hours as two times of day ("22:00"), nothing as blank. */
export type PreferenceValues = {
  email: string;
  smsPhone: string;
  emailKinds: string[];
  smsKinds: string[];
  taskKinds: string[];
  quietStart: string;
  quietEnd: string;
};

const timeOfDay = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

export const preferenceValues = (preferences: Preferences): PreferenceValues => ({
  email: preferences.email ?? "",
  smsPhone: preferences.smsPhone ?? "",
  emailKinds: preferences.emailKinds,
  smsKinds: preferences.smsKinds,
  taskKinds: preferences.taskKinds ?? [],
  quietStart: preferences.quietHours ? timeOfDay(preferences.quietHours.startMinute) : "",
  quietEnd: preferences.quietHours ? timeOfDay(preferences.quietHours.endMinute) : "",
});

/** "22:30" → 1350; anything else stays as typed, so the schema refuses it with the field's message. */
const minuteOf = (text: string): number | string => {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : text;
};

export function preferencesRequest(values: PreferenceValues): Record<string, unknown> {
  const { quietStart, quietEnd, ...rest } = values;
  const noQuietHours = quietStart.trim() === "" && quietEnd.trim() === "";
  return { ...rest, quietHours: noQuietHours ? null : { startMinute: minuteOf(quietStart), endMinute: minuteOf(quietEnd) } };
}

export const preferenceMessages = {
  email: "Enter an e-mail address, like name@agency.gov",
  smsPhone: "Enter a mobile number: digits, spaces, brackets, dashes and a leading +",
  quietStart: "Enter the time quiet hours start, like 22:00",
  quietEnd: "Enter the time quiet hours end, like 07:00, different from the start",
};

/** Request paths the form shows on another field. */
export const preferenceAliases = {
  "quietHours.startMinute": "quietStart",
  "quietHours.endMinute": "quietEnd",
  quietHours: "quietEnd",
};
