/* Every view of the application, by logical page. */

import { compteViews } from "./compte.js";
import { decisionViews } from "./decision.js";
import { identificationViews } from "./identification.js";
import { publicViews } from "./pages.js";
import { parametresViews } from "./parametres.js";

export const views = {
  ...publicViews,
  ...identificationViews,
  ...decisionViews,
  ...compteViews,
  ...parametresViews,
};
