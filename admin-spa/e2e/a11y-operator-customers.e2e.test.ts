// axe, layout and screenshots (a11y-suite.ts): the operator console's customers list, a customer's
// page with its plan-and-limits and suspend dialogs, and the platform audit log, as the demo admin
// (the `pnpm dev` stack's operator) sees them.
import { describeA11y } from "./a11y-suite.ts";

describeA11y("operator-customers");
