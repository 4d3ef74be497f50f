// SQL fragments shared by every feature's queries.

/** ISO 8601 in UTC with a Z, as the contract's datetimes are, whatever the session time zone. */
export const instantText = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
