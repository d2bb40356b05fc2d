// Request bodies for the local stand-ins' HTTP servers (Neon SQL-over-HTTP, Stripe): read whole,
// bounded in size.
import type { IncomingMessage } from "node:http";

/**
 * The body as UTF-8 text, or the error `tooLarge()` makes once it passes `maxBytes`. The rest of
 * an oversized body is drained without being kept, so the connection survives to carry the
 * error response.
 */
export function readBoundedBody(
  req: IncomingMessage,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(tooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
