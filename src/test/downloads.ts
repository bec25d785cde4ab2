import { vi } from 'vitest';

/** A file the app offered for download: its name and content. */
export interface Download {
  name: string;
  blob: Blob;
}

/**
 * Catches downloads where downloadBlob hands them to the browser (URL.createObjectURL and the
 * link's click; jsdom has neither object URLs nor navigation). Returns the list they land in.
 */
export function captureDownloads(): Download[] {
  const downloads: Download[] = [];
  URL.createObjectURL ??= () => '';
  URL.revokeObjectURL ??= () => undefined;
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    const url = `blob:test/${blobs.size}`;
    blobs.set(url, b as Blob);
    return url;
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement,
  ) {
    downloads.push({ name: this.download, blob: blobs.get(this.getAttribute('href')!)! });
  });
  return downloads;
}
