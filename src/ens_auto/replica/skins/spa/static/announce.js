/* Messages for screen readers: one polite live region of the shell. */

let timer = null;

export function announce(text) {
  const region = document.getElementById("annonces");
  if (!region) return;
  region.textContent = "";
  clearTimeout(timer);
  // Emptied first, then filled a moment later: the same words are announced again.
  timer = setTimeout(() => {
    region.textContent = text;
  }, 60);
}
