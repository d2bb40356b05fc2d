// Types `import { exports } from "cloudflare:workers"` with this Worker's own entry module.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("./index.ts");
  }
}
