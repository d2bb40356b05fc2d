// axe, layout and screenshots (a11y-suite.ts): analytics, the request log and its drawer, the
// audit log, billing and settings.
import { describeA11y } from "./a11y-suite.ts";

describeA11y("insights-and-settings");
