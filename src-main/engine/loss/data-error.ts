/** The error a user can fix in their data, shared by the readers of data files. */
/** A data problem a user can fix: names the file and, where it applies, the row and column. */
export class DataError extends Error {
  readonly file: string;
  readonly row: number | undefined;
  readonly column: string | undefined;
  constructor(message: string, file: string, row?: number, column?: string) {
    super(message);
    this.name = 'DataError';
    this.file = file;
    this.row = row;
    this.column = column;
  }
}
