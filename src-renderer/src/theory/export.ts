/** Every theory view's exports: its table as CSV (RFC 4180) and its figure as SVG or PNG, as downloads. */
import { downloadBlob } from '../lib/download';

export { toCsv } from './table-csv';

export function downloadCsv(text: string, filename: string): void {
  downloadBlob(new Blob([text], { type: 'text/csv' }), filename);
}

/** The figure as a standalone SVG document (its colours are attributes, so no stylesheet is needed). */
export function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  // Its own size (the page lays it out at 100 % of the panel), and no page classes.
  const { width, height } = svg.viewBox.baseVal;
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.removeAttribute('class');
  clone.removeAttribute('data-testid');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
}

export function downloadSvg(svg: SVGSVGElement, filename: string): void {
  downloadBlob(new Blob([svgText(svg)], { type: 'image/svg+xml' }), filename);
}

/** The figure rendered to PNG at `scale` times its size. */
export async function downloadPng(svg: SVGSVGElement, filename: string, scale = 2): Promise<void> {
  const { width, height } = svg.viewBox.baseVal;
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
    if (blob) downloadBlob(blob, filename);
  } finally {
    URL.revokeObjectURL(url);
  }
}
