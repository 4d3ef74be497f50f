import { describe, expect, it } from "vitest";
import { z } from "zod";
import { caseloadPage } from "../../../shared/contract/caseload";
import { errorResponse } from "../../../shared/contract/common";
import { contact } from "../../../shared/contract/contacts";
import { caseNote, noteSearchResponse } from "../../../shared/contract/notes";
import { personRecord } from "../../../shared/contract/people";
import { buildFast, fastSchemaOf, fastSerializerCompiler } from "./fast-serializer";

const route = (schema: z.ZodType) => ({ schema, method: "GET", url: "/test", httpStatus: "200" });

describe("fast response serializer", () => {
  it("serves the officers' busiest answers (caseload, person page, note search, contact, note) without zod", () => {
    for (const schema of [caseloadPage, personRecord, noteSearchResponse, contact, caseNote, errorResponse]) {
      expect(fastSchemaOf(schema)).not.toBeNull();
    }
  });

  it("writes what zod writes: nullable values, optional fields left out, unknown fields dropped, records", () => {
    const schema = z.object({
      id: z.uuid(),
      when: z.iso.datetime().nullable(),
      level: z.enum(["low", "high"]).nullable(),
      owner: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      tags: z.array(z.string()),
      note: z.string().optional(),
      count: z.number().int(),
      details: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).nullable(),
    });
    const fast = buildFast(schema);
    expect(fast).not.toBeNull();
    const values = [
      {
        id: "6f1c7c2e-1f5e-4a8e-9a57-0d5f3c1b2a11",
        when: null,
        level: "high",
        owner: { id: "6f1c7c2e-1f5e-4a8e-9a57-0d5f3c1b2a12", name: 'O"Brien \u2028 \\ </script>', extra: "dropped" },
        tags: ["a", "b"],
        count: 3,
        details: null,
        secret: "dropped",
      },
      {
        id: "6f1c7c2e-1f5e-4a8e-9a57-0d5f3c1b2a11",
        when: "2026-12-02T10:00:00.000Z",
        level: null,
        owner: null,
        tags: [],
        note: "x",
        count: 0,
        details: { a: 1, b: "two", c: null },
      },
    ];
    const zod = fastSerializerCompiler({ verify: true })(route(schema));
    for (const value of values) {
      // The same JSON (fast-json-stringify writes optional fields after the required ones).
      expect(JSON.parse(fast!(value))).toEqual(JSON.parse(zod(value)));
    }
  });

  it("keeps zod for unions of objects, which it cannot write by schema alone", () => {
    const either = z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]);
    expect(fastSchemaOf(z.object({ value: either }))).toBeNull();
    expect(fastSchemaOf(z.discriminatedUnion("kind", [z.object({ kind: z.literal("a") }), z.object({ kind: z.literal("b") })]))).toBeNull();
    // …and answers through zod for them, verified or not.
    const serialize = fastSerializerCompiler({ verify: false })(route(z.object({ value: either })));
    expect(serialize({ value: { b: 3 } })).toBe('{"value":{"b":3}}');
  });

  it("outside production, fails an answer its schema does not describe instead of sending something else", () => {
    const schema = z.object({ name: z.string(), count: z.number().int() });
    const verified = fastSerializerCompiler({ verify: true })(route(schema));
    // zod refuses a number where a string belongs; the fast serializer alone would write "5".
    expect(() => verified({ name: 5, count: 1 })).toThrow();
    // zod refuses a fraction for an integer; the fast serializer alone would round it.
    expect(() => verified({ name: "a", count: 1.5 })).toThrow();
    expect(verified({ name: "a", count: 2 })).toBe('{"name":"a","count":2}');
  });
});
