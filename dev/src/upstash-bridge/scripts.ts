// Lua scripts that Redis 7.0 would refuse. @upstash/ratelimit 2.x starts every script with
// `#!lua flags=allow-key-locking`, a flag only Upstash knows; Redis 7.0 answers
// "ERR Unexpected flag in script shebang". The bridge drops that flag (keeping the `#!lua` line, so
// the script keeps shebang semantics and its line numbers) and remembers which stripped script
// stands for which hash, because the client computes EVALSHA hashes over the ORIGINAL text.
import { createHash } from "node:crypto";
import type { Arg, Command } from "./protocol.ts";

// Flags Upstash accepts and Redis 7.0 does not. Anything else stays, so a real typo still fails.
const UPSTASH_ONLY_FLAGS = new Set(["allow-key-locking"]);
// Plenty for the handful of scripts an app uses, while a script generator cannot grow it forever.
const MAX_SCRIPTS = 10_000;

export function sha1Hex(text: Arg): string {
  return createHash("sha1").update(text).digest("hex");
}

/** The script with Upstash-only shebang flags removed, or undefined when it needs no change. */
export function stripUpstashFlags(script: string): string | undefined {
  if (!script.startsWith("#!")) return undefined;
  const eol = script.indexOf("\n");
  const line = eol === -1 ? script : script.slice(0, eol);
  const [engine, ...options] = line.slice(2).trim().split(/\s+/);
  let changed = false;
  const kept = options.flatMap((option) => {
    if (!option.startsWith("flags=")) return [option];
    const flags = option.slice("flags=".length).split(",");
    const supported = flags.filter((flag) => !UPSTASH_ONLY_FLAGS.has(flag));
    if (supported.length === flags.length) return [option];
    changed = true;
    return supported.length > 0 ? [`flags=${supported.join(",")}`] : [];
  });
  if (!changed) return undefined;
  return `#!${[engine, ...kept].join(" ")}${eol === -1 ? "" : script.slice(eol)}`;
}

/** How the bridge sends one client command to Redis. */
export interface Plan {
  send: Command;
  /** For an EVALSHA of a stripped script: the EVAL to run instead if Redis answers NOSCRIPT. */
  fallback?: Command;
  /** Adjusts a successful reply (SCRIPT LOAD must answer the client's hash). */
  onResult?: (reply: unknown) => unknown;
}

interface Stripped {
  script: string;
  sha: string;
}

export class ScriptRegistry {
  // The client's SHA1 of the original text -> the stripped script and Redis' SHA1 of it.
  readonly #byOriginalSha = new Map<string, Stripped>();

  /**
   * Rewrites script commands; everything else passes unchanged. Inside MULTI an EVALSHA of a
   * stripped script becomes EVAL: a NOSCRIPT there could not be retried without breaking atomicity.
   */
  plan(command: Command, inTransaction: boolean): Plan {
    const [name, ...args] = command;
    const verb = name.toLowerCase();
    if ((verb === "eval" || verb === "eval_ro") && args[0] !== undefined) {
      const stripped = this.#register(args[0]);
      return stripped ? { send: [name, stripped.script, ...args.slice(1)] } : { send: command };
    }
    if ((verb === "evalsha" || verb === "evalsha_ro") && args[0] !== undefined) {
      const stripped = this.#byOriginalSha.get(String(args[0]).toLowerCase());
      if (!stripped) return { send: command }; // unknown here: Redis decides (NOSCRIPT or a plain script)
      const evalCommand: Command = [
        verb === "evalsha" ? "EVAL" : "EVAL_RO",
        stripped.script,
        ...args.slice(1),
      ];
      if (inTransaction) return { send: evalCommand };
      return { send: [name, stripped.sha, ...args.slice(1)], fallback: evalCommand };
    }
    if (verb === "script") return this.#planScript(command);
    return { send: command };
  }

  #planScript(command: Command): Plan {
    const [name, sub, ...args] = command;
    const subcommand = String(sub ?? "").toLowerCase();
    if (subcommand === "load" && args[0] !== undefined) {
      const original = sha1Hex(args[0]);
      const stripped = this.#register(args[0]);
      if (!stripped) return { send: command };
      return { send: [name, "LOAD", stripped.script], onResult: () => Buffer.from(original) };
    }
    if (subcommand === "exists") {
      const shas = args.map((sha) => this.#byOriginalSha.get(String(sha).toLowerCase())?.sha ?? sha);
      return { send: [name, "EXISTS", ...shas] };
    }
    if (subcommand === "flush") {
      // Redis forgets every script, so EVALSHA of an original hash must say NOSCRIPT again.
      return {
        send: command,
        onResult: (reply) => {
          this.#byOriginalSha.clear();
          return reply;
        },
      };
    }
    return { send: command };
  }

  #register(scriptArg: Arg): Stripped | undefined {
    const text = typeof scriptArg === "string" ? scriptArg : scriptArg.toString("utf8");
    const script = stripUpstashFlags(text);
    if (script === undefined) return undefined;
    const original = sha1Hex(scriptArg);
    let stripped = this.#byOriginalSha.get(original);
    if (!stripped) {
      if (this.#byOriginalSha.size >= MAX_SCRIPTS) {
        const oldest = this.#byOriginalSha.keys().next().value;
        if (oldest !== undefined) this.#byOriginalSha.delete(oldest);
      }
      stripped = { script, sha: sha1Hex(script) };
      this.#byOriginalSha.set(original, stripped);
    }
    return stripped;
  }
}
