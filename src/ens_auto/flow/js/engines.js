// The runner's selector engines, which Playwright runs in its own isolated world, never in
// the page's (registered as content scripts by flow/engines.py; each gets the readers it
// needs, `read`). Put after a target's locator, they read or check the element the target
// found, in the same search (`ens-mark` stands for the target):
//
// - `ens-look=<parts>`: instead of the element, a detached element whose text is what the
//   runner reads on it, as JSON. Parts (space-separated): `describe` (describe_element.js),
//   `kind` (choice_kind.js), `hit` (hit_by_click.js), `focused` (has_focus.js), `errors`
//   (page_errors.js, for the whole page), `tag` (see `ens-tag`).
//   The element is also remembered under a number (`mark` in the JSON), in this world only
//   (the page's scripts cannot see it).
// - `ens-mark=<number>`: that very element again, without searching (an error if the page
//   removed it meanwhile: the runner then searches again).
// - `ens-safe=<press|submit>`: the element itself, only if nothing it says of itself speaks
//   of activating (and, for `submit`, no activation choice is selected in its form). Put on
//   the locator an act uses, so that the act's own search checks again, as it acts.
// - `ens-tag=<k>`: the element itself, remembered for this search as found by candidate k
//   (the lowest k that finds it); `ens-look=... tag` after a union of tagged candidates
//   says which candidate found the element read.
// - `ens-upto=<n>`: put after a search that finds N elements, min(N, n) detached elements
//   of its own: « one, or more than one » in one count, the search made once.
// - `ens-bit=<k>`: whatever it is put after, the same 2^k detached elements, its own (none
//   is another k's). A union of `<target i> >> ens-bit=i` counts as the sum of 2^i over the
//   targets that find something: which of several targets show, in one count.
//
// Reading in the isolated world costs nothing in the page's own world (an element handle
// or an evaluation there has Playwright install its script in it, on every new page), and
// nothing the site's scripts define can change what is read.
(read, errorsSelector) => {
  // As flow/safety.py: lower case, accents removed, then « activ » anywhere.
  const speaksOfActivating = (text) =>
    (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().includes("activ");
  const bits = globalThis.__ensAutoBits || (globalThis.__ensAutoBits = new Map());
  const upto = { seen: null, carriers: [] };
  const tags = globalThis.__ensAutoTags || (globalThis.__ensAutoTags = { of: null });
  const marks = globalThis.__ensAutoMarks || (globalThis.__ensAutoMarks = { last: 0, elements: new Map() });
  return {
    look: {
      queryAll(root, body) {
        marks.last += 1;
        marks.elements.clear(); // only the last element read is acted on
        marks.elements.set(marks.last, root);
        const out = { mark: marks.last };
        for (const part of body.trim().split(/\s+/)) {
          if (part === "errors") out.errors = read.errors(errorsSelector);
          else if (part === "tag") out.tag = tags.of?.get(root) ?? null;
          else if (part in read) out[part] = read[part](root);
        }
        const carrier = document.createElement("ens-look");
        carrier.textContent = JSON.stringify(out);
        return [carrier];
      },
    },
    mark: {
      queryAll(root, body) {
        const element = marks.elements.get(Number(body));
        if (!element || !element.isConnected) throw new Error("ens-mark: element gone");
        return [element];
      },
    },
    bit: {
      queryAll(root, body) {
        const k = Number(body);
        if (!bits.has(k)) bits.set(k, Array.from({ length: 2 ** k }, () => document.createElement("ens-bit")));
        return bits.get(k);
      },
    },
    tag: {
      queryAll(root, body) {
        if (!tags.of) {
          tags.of = new Map();
          queueMicrotask(() => { tags.of = null; }); // the search is over
        }
        const k = Number(body);
        if (!(tags.of.get(root) <= k)) tags.of.set(root, k);
        return [root];
      },
    },
    upto: {
      queryAll(root, body) {
        if (!upto.seen) {
          upto.seen = new Set();
          queueMicrotask(() => { upto.seen = null; }); // the search is over
        }
        upto.seen.add(root);
        const cap = Number(body);
        while (upto.carriers.length < cap) upto.carriers.push(document.createElement("ens-upto"));
        return [upto.carriers[Math.min(upto.seen.size, cap) - 1]];
      },
    },
    safe: {
      queryAll(root, body) {
        const info = read.describe(root);
        if ([...info.names, info.value].some(speaksOfActivating)) return [];
        if (body.trim() === "submit" && info.selected.some(speaksOfActivating)) return [];
        return [root];
      },
    },
  };
}
