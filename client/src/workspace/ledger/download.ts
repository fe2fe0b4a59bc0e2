/**
 * Hand a Blob to the browser as a download: an object URL on a temporary <a download>. The URL
 * is released a while later — revoking it at once can cancel the download in some browsers.
 */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
