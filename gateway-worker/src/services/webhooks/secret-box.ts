// Endpoint signing secrets at rest: AES-256-GCM under WEBHOOK_SECRET_ENCRYPTION_KEY, with the
// endpoint id as additional data (a ciphertext copied to another row does not open). The
// ciphertext names its key version, `k<version>:<base64 iv‖ciphertext>`, so the encryption key can
// be rotated: new secrets are sealed with the first configured key, old ones open with theirs.
// Free of Worker-only types: `pnpm dev`'s seed (Node) seals the demo endpoint's secret with it.
import { fromBase64, toBase64 } from "./signing.ts";

/** One WEBHOOK_SECRET_ENCRYPTION_KEY entry (config.ts parses the variable into these). */
export interface EncryptionKey {
  version: number;
  raw: Uint8Array;
}

type AesKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export interface SecretBox {
  seal(endpointId: string, secret: string): Promise<string>;
  open(endpointId: string, ciphertext: string): Promise<string>;
}

const encoder = new TextEncoder();

export function createSecretBox(keys: readonly EncryptionKey[]): SecretBox {
  const imported = new Map<number, Promise<AesKey>>();
  const keyFor = (version: number): Promise<AesKey> => {
    let key = imported.get(version);
    if (!key) {
      const entry = keys.find((candidate) => candidate.version === version);
      if (!entry) throw new Error(`no webhook secret encryption key of version ${version} is configured`);
      key = crypto.subtle.importKey("raw", entry.raw, "AES-GCM", false, ["encrypt", "decrypt"]);
      imported.set(version, key);
    }
    return key;
  };
  const current = keys[0];
  if (!current) throw new Error("no webhook secret encryption key is configured");
  return {
    async seal(endpointId, secret) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: encoder.encode(endpointId) },
        await keyFor(current.version),
        encoder.encode(secret),
      );
      const out = new Uint8Array(iv.length + sealed.byteLength);
      out.set(iv);
      out.set(new Uint8Array(sealed), iv.length);
      return `k${current.version}:${toBase64(out)}`;
    },
    async open(endpointId, ciphertext) {
      const match = /^k(\d+):(.+)$/.exec(ciphertext);
      if (!match?.[1] || !match[2]) throw new Error("malformed webhook secret ciphertext");
      const bytes = fromBase64(match[2]);
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: bytes.slice(0, 12), additionalData: encoder.encode(endpointId) },
        await keyFor(Number(match[1])),
        bytes.slice(12),
      );
      return new TextDecoder().decode(plain);
    },
  };
}
