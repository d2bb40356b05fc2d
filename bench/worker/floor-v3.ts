// F3: see floor.ts.
import { floorWorker } from "./floor.ts";

export default floorWorker(true);
