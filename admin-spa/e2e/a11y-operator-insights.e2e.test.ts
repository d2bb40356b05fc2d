// axe, layout and screenshots (a11y-suite.ts): the operator console's platform analytics and
// revenue pages and the operators page (with its grant dialog), as the demo admin (the `pnpm dev` stack's operator) sees them.
import { describeA11y } from "./a11y-suite.ts";

describeA11y("operator-insights");
