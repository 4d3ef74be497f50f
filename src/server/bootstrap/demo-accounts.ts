import type { Role } from "../platform/access/policy";

// Demo accounts are public knowledge by design: never created in production (see config.ts). Their
// authenticator (TOTP) secrets are not: each install generates its own (bootstrap.ts) and prints them.
export const demoPassword = "field training passphrase";
export const demoAgencyName = "Demo County Community Supervision";
export const demoUnits = ["North Field Office", "South Field Office"] as const;

export type DemoAccount = {
  username: string;
  displayName: string;
  roles: Role[];
  unit: (typeof demoUnits)[number] | null;
  /** A work phone (fictional 555-01xx numbers); one officer has none, as some real records do. */
  phone?: string;
};

export const demoAccounts: DemoAccount[] = [
  { username: "admin", displayName: "Ada Whitfield", roles: ["admin"], unit: null },
  { username: "auditor", displayName: "Audrey Lin", roles: ["auditor"], unit: null },
  {
    username: "supervisor.north",
    displayName: "Samuel Okafor",
    roles: ["supervisor"],
    unit: "North Field Office",
    phone: "(555) 010-0110",
  },
  {
    username: "officer.north1",
    displayName: "Olivia Ortiz",
    roles: ["officer"],
    unit: "North Field Office",
    phone: "(555) 010-0111",
  },
  {
    username: "officer.north2",
    displayName: "Marcus Bell",
    roles: ["officer"],
    unit: "North Field Office",
  },
  {
    username: "supervisor.south",
    displayName: "Sofia Reyes",
    roles: ["supervisor"],
    unit: "South Field Office",
    phone: "(555) 010-0120",
  },
  {
    username: "officer.south1",
    displayName: "Owen Park",
    roles: ["officer"],
    unit: "South Field Office",
    phone: "(555) 010-0121",
  },
  {
    username: "officer.south2",
    displayName: "Grace Muller",
    roles: ["officer"],
    unit: "South Field Office",
    phone: "(555) 010-0122",
  },
];
