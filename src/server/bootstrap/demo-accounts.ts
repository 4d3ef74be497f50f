import type { Role } from "../platform/access/policy";

// Demo accounts are public knowledge by design: never created in production (see config.ts).
export const demoPassword = "field training passphrase";
export const demoAgencyName = "Demo County Community Supervision";
export const demoUnits = ["North Field Office", "South Field Office"] as const;

export type DemoAccount = {
  username: string;
  displayName: string;
  roles: Role[];
  unit: (typeof demoUnits)[number] | null;
  totpSecret: string;
};

export const demoAccounts: DemoAccount[] = [
  { username: "admin", displayName: "Ada Whitfield", roles: ["admin"], unit: null, totpSecret: "MWEIVRPWIVJJOYQZS4VIFJUIMXIV6U2Q" },
  { username: "auditor", displayName: "Audrey Lin", roles: ["auditor"], unit: null, totpSecret: "C3KQR66LSNYVVRDR6AT4DQDMMEDAWFOJ" },
  {
    username: "supervisor.north",
    displayName: "Samuel Okafor",
    roles: ["supervisor"],
    unit: "North Field Office",
    totpSecret: "5ZSCYRYSLNXPQS4JZ6OB3RFRKGAWO5QQ",
  },
  {
    username: "officer.north1",
    displayName: "Olivia Ortiz",
    roles: ["officer"],
    unit: "North Field Office",
    totpSecret: "3OTUA56LP3XCZYBGTC5ZKIM74OQKCZQ4",
  },
  {
    username: "officer.north2",
    displayName: "Marcus Bell",
    roles: ["officer"],
    unit: "North Field Office",
    totpSecret: "M7DIRQI345PQL4PCHIPIZJCFAJY3EZDV",
  },
  {
    username: "supervisor.south",
    displayName: "Sofia Reyes",
    roles: ["supervisor"],
    unit: "South Field Office",
    totpSecret: "SUVT5LXUSJCJAH42R6COE7OY2WYG7TTV",
  },
  {
    username: "officer.south1",
    displayName: "Owen Park",
    roles: ["officer"],
    unit: "South Field Office",
    totpSecret: "CMOTHU5GTKWARUPWU7K7WII6B7U3B4DT",
  },
  {
    username: "officer.south2",
    displayName: "Grace Muller",
    roles: ["officer"],
    unit: "South Field Office",
    totpSecret: "4HHGH6P5IDXNVPEM3PAGY3XJT2K6W5PW",
  },
];
