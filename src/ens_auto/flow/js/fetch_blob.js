// The bytes behind the document's own address (a blob: or data: URL opened in a tab by a
// script), as base64: what the person would see and could save.
async () => {
  const response = await fetch(location.href);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return { type: response.headers.get("content-type") || "", data: btoa(binary) };
}
