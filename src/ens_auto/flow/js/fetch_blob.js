// The bytes behind an address of the site (by default the document's own: a blob: or
// data: URL opened in a tab by a script, or a PDF the tab shows), fetched by the page
// itself, as base64: what the person would see and could save.
async (url) => {
  const response = await fetch(url || location.href);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return { type: response.headers.get("content-type") || "", data: btoa(binary) };
}
