// Small instrument definitions an agency might import (issue 12 §1): tests and browser journeys share them.

/** A two-question screener: total 0 → stably housed, 1 or more → at risk. */
export const housingScreener = {
  id: "county_housing_check",
  version: 1,
  title: "County housing check",
  purpose: "screener",
  description: "Two questions about where the person sleeps, asked at intake.",
  source: { citation: "Written by the agency's reentry unit", adaptation: "None: the agency's own questions." },
  domains: [
    {
      id: "housing",
      title: "Housing",
      kind: "risk_need",
      flagAt: 1,
      items: [
        { id: "no_fixed_address", prompt: "Has no fixed address", type: "yes_no", factor: "dynamic", points: { yes: 1, no: 0 } },
        {
          id: "nights_outside",
          prompt: "Nights slept outside in the past month",
          type: "number",
          min: 0,
          max: 31,
          factor: "dynamic",
          askWhen: { item: "no_fixed_address", is: true },
          bands: [
            { min: 0, max: 0, points: 0 },
            { min: 1, points: 1 },
          ],
        },
      ],
    },
  ],
  categories: [
    { id: "stable", label: "Stably housed" },
    { id: "at_risk", label: "At risk of homelessness" },
  ],
  cutoffs: [
    {
      bands: [
        { category: "stable", min: 0, max: 0 },
        { category: "at_risk", min: 1 },
      ],
    },
  ],
};

/**
 * The screener with three mistakes an author makes: a rule naming an item that does not exist, cut-offs that overlap,
 * and a domain without items. Each is reported with its path.
 */
export const brokenScreener = {
  ...housingScreener,
  id: "county_broken_check",
  domains: [
    {
      ...housingScreener.domains[0]!,
      items: [
        housingScreener.domains[0]!.items[0]!,
        { ...housingScreener.domains[0]!.items[1]!, askWhen: { item: "sleeps_rough", is: true } },
      ],
    },
    { id: "food", title: "Food", kind: "risk_need", items: [] },
  ],
  cutoffs: [
    {
      bands: [
        { category: "stable", min: 0, max: 1 },
        { category: "at_risk", min: 1 },
      ],
    },
  ],
};

/** A one-domain risk and needs instrument: 0 → low, 1–2 → high; with its level tables. */
export const countyRiskInstrument = {
  definition: {
    ...housingScreener,
    id: "county_risk",
    title: "County risk check",
    purpose: "risk_needs",
    categories: [
      { id: "low", label: "Low" },
      { id: "high", label: "High" },
    ],
    cutoffs: [
      {
        bands: [
          { category: "low", min: 0, max: 0 },
          { category: "high", min: 1 },
        ],
      },
    ],
  },
  riskLevels: { low: "low", high: "high" },
  supervisionLevels: { low: "low", high: "intensive" },
};
