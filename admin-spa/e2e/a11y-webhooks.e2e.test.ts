// axe, layout and screenshots (a11y-suite.ts): the Webhooks page with a healthy and a disabled
// endpoint, its add/edit dialog with the event-type picker, the secret rotation confirmation,
// the test-event dialog and the delivery drawer.
import { describeA11y } from "./a11y-suite.ts";

describeA11y("webhooks");
