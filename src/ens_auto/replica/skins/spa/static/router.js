/* Client-side routing: the path says which view to show; the view asks the API for its
   page (the procedure may answer with another one: the view of that page is shown, at its
   own path). Each view shows « Chargement… » until its answer is there. */

import { ErreurReseau, Maintenance, SessionExpiree, pageData } from "./api.js";
import { updateAccount } from "./account.js";
import { config, isPublic, pageAt, pathOf } from "./config.js";
import { h, replaceChildren, wait } from "./dom.js";

let views = {};
let sequence = 0;
let shownCount = 0;
const afterRender = [];

export function setViews(registry) {
  views = registry;
}

/** fn(page) after each view is shown (the cookie consent waits for the first one). */
export function onRendered(fn) {
  afterRender.push(fn);
}

export function navigate(path, { replace = false } = {}) {
  history[replace ? "replaceState" : "pushState"]({}, "", path);
  return render();
}

function main() {
  return document.getElementById("contenu");
}

function showLoading() {
  const el = main();
  el.setAttribute("aria-busy", "true");
  replaceChildren(el, h("p", { class: "chargement", id: "chargement", text: "Chargement…" }));
}

async function load(page, context) {
  const view = views[page];
  const loaded = view && view.load ? await view.load(context) : null;
  return loaded || pageData(page);
}

function mount(page, context) {
  const view = views[page];
  const el = main();
  replaceChildren(el, view.render(context));
  el.removeAttribute("aria-busy");
  const title = typeof view.title === "function" ? view.title(context.data) : view.title;
  document.title = `${title} - Mon espace santé`;
  updateAccount(page, context.data);
  shownCount += 1;
  if (shownCount > 1) {
    // A new view after a click: the reader starts at its heading.
    const heading = el.querySelector("h1");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }
  for (const fn of afterRender) fn(page);
}

/** Shows a page in place, without an answer of the API (maintenance, network error). */
export function showInPlace(page, data = {}) {
  sequence += 1;
  mount(page, { page, path: location.pathname, query: {}, data });
}

/**
 * An error of the API outside a form: the expired session and the maintenance have views
 * of their own. False when the caller must say something itself.
 */
export function handleFailure(error) {
  if (error instanceof SessionExpiree) {
    navigate(pathOf("session_expiree"), { replace: true });
    return true;
  }
  if (error instanceof Maintenance) {
    showInPlace("maintenance");
    return true;
  }
  return false;
}

export async function render() {
  sequence += 1;
  const token = sequence;
  const path = location.pathname;
  const page = pageAt(path) || "introuvable";
  const context = {
    page,
    path,
    query: Object.fromEntries(new URLSearchParams(location.search)),
    data: {},
  };
  showLoading();
  let result;
  try {
    try {
      result = await load(page, context);
    } catch (error) {
      // A public page after an expired session: the server has given a new one.
      if (!(error instanceof SessionExpiree) || !isPublic(page)) throw error;
      result = await load(page, context);
    }
  } catch (error) {
    if (token !== sequence) return;
    if (error instanceof SessionExpiree) {
      await navigate(pathOf("session_expiree"), { replace: true });
      return;
    }
    result = { page: error instanceof Maintenance ? "maintenance" : "erreur_reseau", data: {} };
    if (!(error instanceof Maintenance || error instanceof ErreurReseau)) console.error(error);
  }
  await wait(config.lateRenderMs);
  if (token !== sequence) return;
  const shown = views[result.page] ? result.page : "introuvable";
  const target = pathOf(shown);
  if (shown !== page && target && target !== path) history.replaceState({}, "", target);
  mount(shown, { ...context, page: shown, path: location.pathname, data: result.data || {} });
}

function onClick(event) {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest("a[href]");
  if (!link || link.target || link.hasAttribute("download")) return;
  if (link.getAttribute("href").startsWith("#")) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !pageAt(url.pathname)) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}

export function start() {
  document.addEventListener("click", onClick);
  window.addEventListener("popstate", () => render());
  return render();
}
