// axe, layout and screenshots (a11y-suite.ts): the signed-out pages, the invitation page and its
// error state, the overview, and the API key pages with their dialogs.
import { describeA11y } from "./a11y-suite.ts";

describeA11y("auth-and-keys");
