// Admin request bodies are parsed strictly, once, before any route or better-auth sees them.
// JSON.parse alone is lenient in ways that bit us: invalid UTF-8 becomes U+FFFD (stored as
// such), the last of two duplicate keys wins (`{"role":"viewer","role":"admin"}` made an admin
// token while a reviewer reading the body saw "viewer"), `__proto__` keys reach object spreads,
// a 10,000-deep object reaches recursive code, and NUL or lone surrogates reach Postgres, which
// cannot store them. Each is refused here with the JSON path of the offending member.
import { ApiError, type ErrorField } from "@edgegate/shared/errors";

/** Deeper than any admin body needs (the deepest, organization/update, is 3). */
export const MAX_JSON_DEPTH = 16;
/** Keys that mean something to JavaScript objects rather than to the API. */
const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** A UTF-16 surrogate without its pair: not a character, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

class Scanner {
  private i = 0;
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  /** Walks a document JSON.parse has already accepted, so only the checks below can fail. */
  scan(): ErrorField | null {
    return this.value(0, "");
  }

  private skipSpace(): void {
    while (/\s/.test(this.text[this.i] ?? "")) this.i++;
  }

  private string(): string {
    const start = this.i;
    this.i++;
    while (this.text[this.i] !== '"') this.i += this.text[this.i] === "\\" ? 2 : 1;
    this.i++;
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }

  private value(depth: number, path: string): ErrorField | null {
    this.skipSpace();
    const ch = this.text[this.i];
    if (ch === "{" || ch === "[") {
      if (depth >= MAX_JSON_DEPTH) {
        return { path: path || "(body)", message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` };
      }
      return ch === "{" ? this.object(depth, path) : this.array(depth, path);
    }
    if (ch === '"') return textProblem(this.string(), path || "(body)");
    while (this.i < this.text.length && !/[\s,\]}]/.test(this.text[this.i] as string)) this.i++;
    return null;
  }

  private object(depth: number, path: string): ErrorField | null {
    const keys = new Set<string>();
    this.i++;
    this.skipSpace();
    if (this.text[this.i] === "}") {
      this.i++;
      return null;
    }
    for (;;) {
      this.skipSpace();
      const key = this.string();
      const memberPath = path ? `${path}.${key}` : key;
      if (keys.has(key)) return { path: memberPath, message: "must not appear twice" };
      if (RESERVED_KEYS.has(key)) return { path: memberPath, message: "is not an allowed field name" };
      const keyProblem = textProblem(key, memberPath);
      if (keyProblem) return keyProblem;
      keys.add(key);
      this.skipSpace();
      this.i++; // ':'
      const problem = this.value(depth + 1, memberPath);
      if (problem) return problem;
      this.skipSpace();
      if (this.text[this.i++] === "}") return null; // else ','
    }
  }

  private array(depth: number, path: string): ErrorField | null {
    this.i++;
    this.skipSpace();
    if (this.text[this.i] === "]") {
      this.i++;
      return null;
    }
    for (let index = 0; ; index++) {
      const problem = this.value(depth + 1, `${path || "(body)"}.${index}`);
      if (problem) return problem;
      this.skipSpace();
      if (this.text[this.i++] === "]") return null; // else ','
    }
  }
}

function textProblem(value: string, path: string): ErrorField | null {
  if (value.includes("\u0000")) return { path, message: "must not contain NUL characters" };
  if (LONE_SURROGATE.test(value)) return { path, message: "must not contain unpaired surrogates" };
  return null;
}

function refuse(field: ErrorField): never {
  throw new ApiError("VALIDATION_FAILED", `Invalid body: ${field.path}.`, { fields: [field] });
}

/** The body's JSON value, or VALIDATION_FAILED naming what is wrong and where. */
export function parseStrictJson(bytes: ArrayBuffer): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    refuse({ path: "(body)", message: "must be valid UTF-8" });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    refuse({ path: "(body)", message: "must be valid JSON" });
  }
  const problem = new Scanner(text).scan();
  if (problem) refuse(problem);
  return value;
}
