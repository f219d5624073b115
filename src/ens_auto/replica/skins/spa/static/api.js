/* The JSON API of the site: the page a visitor may see, the actions of the procedures,
   the justificatif. An expired session and the maintenance are errors of their own. */

export class SessionExpiree extends Error {}
export class Maintenance extends Error {}
export class ErreurReseau extends Error {}

async function call(method, url, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ErreurReseau(String(error));
  }
  if (response.status === 503) throw new Maintenance();
  let payload = {};
  try {
    payload = await response.json();
  } catch (error) {
    payload = {};
  }
  if (response.status === 401 && payload && payload.session_expiree) throw new SessionExpiree();
  return { status: response.status, ok: response.ok, body: payload || {} };
}

/** { page, data }: the page the procedure shows instead of `page`, and its facts. */
export async function pageData(page) {
  const answer = await call("GET", `/api/v1/page/${encodeURIComponent(page)}`);
  return { page: answer.body.page || "introuvable", data: answer.body.data || {} };
}

/** An action of the procedures: { ok, page, errors, message, data } (and the status). */
export async function act(action, values = {}) {
  const answer = await call("POST", `/api/v1/${encodeURIComponent(action)}`, values);
  return { status: answer.status, ...answer.body };
}

/** The justificatif of the opposition just recorded: { pdf } (base64) or { erreur }. */
export async function justificatif() {
  return call("POST", "/api/enrolement/opposition/justificatif");
}
