/* The application's configuration, given by the server in the shell document:
   client routes, the path of each logical page, the texts of the pages outside the
   procedures, and the replica's switches that change how the application behaves. */

const source = document.getElementById("configuration");

export const config = JSON.parse(source ? source.textContent : "{}");

/** The path of a logical page (null when the application has none). */
export function pathOf(page) {
  return (config.paths || {})[page] || null;
}

/** The logical page asked for at a path (null: not a page of the application). */
export function pageAt(path) {
  return (config.routes || {})[path] || null;
}

export function isPublic(page) {
  return (config.public || []).includes(page);
}
