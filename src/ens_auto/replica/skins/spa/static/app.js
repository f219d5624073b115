/* Mon espace santé: the single-page application. */

import { scheduleConsent } from "./consent.js";
import { onRendered, setViews, start } from "./router.js";
import { views } from "./views/index.js";

setViews(views);
onRendered(() => scheduleConsent());
start();
