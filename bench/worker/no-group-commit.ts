// V3 without group commit (benchmark only, side by side with V3 in `pnpm bench`): the real Worker
// from gateway-worker/src/index.ts, with every Upstash call sent on its own by the request that
// made it — one REST call per request, as before issue #18. Nothing else differs.
import worker from "../../gateway-worker/src/index.ts";
import { UpstashGroupCommit } from "../../gateway-worker/src/services/upstash-group-commit.ts";

// `null`: "not a call that can share a batch", so the client sends it itself.
UpstashGroupCommit.prototype.request = () => null;

export default worker;
