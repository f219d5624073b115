/* Input mask of the numéro de sécurité sociale: « 1 55 12 55 555 555 55 » as one types.
   Digits only, except « 2A » / « 2B » for the départements of Corsica; 15 characters. */

const GROUPS = [1, 2, 2, 2, 3, 3, 2];
const LENGTH = 15;

/** The significant characters of a typed NIR, as the mask keeps them. */
export function nirCharacters(text) {
  let kept = "";
  for (const ch of text.toUpperCase()) {
    if (kept.length >= LENGTH) break;
    if (/[0-9]/.test(ch)) kept += ch;
    else if ((ch === "A" || ch === "B") && kept.length === 6 && kept[5] === "2") kept += ch;
  }
  return kept;
}

export function formatNir(characters) {
  const parts = [];
  let start = 0;
  for (const size of GROUPS) {
    if (start >= characters.length) break;
    parts.push(characters.slice(start, start + size));
    start += size;
  }
  return parts.join(" ");
}

function caretAfter(formatted, count) {
  let position = 0;
  let seen = 0;
  while (position < formatted.length && seen < count) {
    if (formatted[position] !== " ") seen += 1;
    position += 1;
  }
  return position;
}

/** Formats the input's value on every change, keeping the caret where it was. */
export function maskNir(input) {
  let previous = "";
  input.addEventListener("input", (event) => {
    const caret = input.selectionStart ?? input.value.length;
    let before = nirCharacters(input.value.slice(0, caret)).length;
    let characters = nirCharacters(input.value);
    // Backspace on a space only: remove the character before it.
    if (
      event.inputType === "deleteContentBackward" &&
      characters === nirCharacters(previous) &&
      before > 0
    ) {
      characters = characters.slice(0, before - 1) + characters.slice(before);
      before -= 1;
    }
    const formatted = formatNir(characters);
    previous = formatted;
    if (formatted === input.value) return;
    input.value = formatted;
    if (document.activeElement === input) {
      const position = caretAfter(formatted, before);
      input.setSelectionRange(position, position);
    }
  });
}
