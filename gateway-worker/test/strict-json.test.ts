// The strict JSON parser in front of every admin body: what it refuses (with the member's path)
// and that it leaves every ordinary document alone.
import { ApiError } from "@edgegate/shared/errors";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, parseStrictJson } from "../src/strict-json.ts";

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

function refusal(input: string | ArrayBuffer): { path: string; message: string } | undefined {
  try {
    parseStrictJson(typeof input === "string" ? bytes(input) : input);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("VALIDATION_FAILED");
    return (error as ApiError).fields?.[0];
  }
  return undefined;
}

describe("parseStrictJson", () => {
  it("parses ordinary documents as JSON.parse does", () => {
    for (const text of [
      '{"name":"Привет 👋","scopes":["*"],"n":-1.5e3,"ok":true,"none":null}',
      ' [ 1 , { "a" : [ ] , "b" : { } } , "x\\"y" ] ',
      '{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}',
      '{"quote\\"key":1,"quote\\\\":2,"emoji":"\\ud83d\\ude00"}',
      '"a string"',
      "42",
    ]) {
      expect(parseStrictJson(bytes(text))).toEqual(JSON.parse(text));
    }
  });

  it("refuses duplicate keys, also spelled differently and nested, naming the member", () => {
    expect(refusal('{"role":"viewer","role":"admin"}')).toEqual({
      path: "role",
      message: "must not appear twice",
    });
    expect(refusal('{"name":"a","\\u006eame":"b"}')?.path).toBe("name");
    expect(refusal('{"data":{"x":1,"y":{"z":1,"z":2}}}')?.path).toBe("data.y.z");
    expect(refusal('[{"a":1},{"a":1,"a":2}]')?.path).toBe("(body).1.a");
    // The same key in sibling objects is not a duplicate.
    expect(refusal('{"a":{"k":1},"b":{"k":1}}')).toBeUndefined();
  });

  it("refuses prototype keys, NUL, unpaired surrogates, deep nesting, bad UTF-8 and bad JSON", () => {
    expect(refusal('{"__proto__":{"admin":true}}')?.path).toBe("__proto__");
    expect(refusal('{"a":{"constructor":1}}')?.path).toBe("a.constructor");
    expect(refusal('{"name":"a\\u0000b"}')).toEqual({
      path: "name",
      message: "must not contain NUL characters",
    });
    expect(refusal('{"name":"a\\ud800"}')?.message).toMatch(/surrogate/);
    expect(refusal(`${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`)).toBeUndefined();
    expect(refusal(`${"[".repeat(MAX_JSON_DEPTH + 1)}${"]".repeat(MAX_JSON_DEPTH + 1)}`)?.message).toMatch(
      /nest deeper/,
    );
    expect(refusal(`${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`)?.path).toMatch(/^a\.a\./);
    expect(
      refusal(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]).buffer),
    ).toEqual({
      path: "(body)",
      message: "must be valid UTF-8",
    });
    expect(refusal('{"a":')).toEqual({ path: "(body)", message: "must be valid JSON" });
  });
});
