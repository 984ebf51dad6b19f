/** A theory view's table as CSV text (RFC 4180, CRLF line ends), cells by the shared `csvCell`. Pure: no DOM. */
import { csvCell } from '../../../shared/experiment/csv-cell';

/** One CSV field: empty for a missing or non-finite number, else `csvCell` (numbers plain, text neutralized). */
function field(v: string | number | null | undefined): string {
  return v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? '' : csvCell(v);
}

/** A table as CSV text, CRLF line ends (RFC 4180). */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
