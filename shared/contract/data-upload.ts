/**
 * CSV data a view gives the lab: the commands that carry it (Data → Upload CSV in a browser, the file
 * dialog of the desktop lab) and how the loss panel shows a data file. The lab keeps an upload under
 * its plain file name in a folder of its own; an experiment names it by that name (`loss.data.csv`).
 */
import { z } from 'zod';

/** A CSV data file as the loss panel shows it: its name, its header's columns and its number of data rows. */
export interface DataInfo {
  name: string;
  columns: string[];
  rows: number;
}

/** The most characters of one upload (a message holds at most 4 MB). */
export const MAX_UPLOAD_CHARS = 4 * 1024 * 1024;

/** The commands of `CommandSchema` about data. */
export const DATA_COMMANDS = [
  /**
   * A CSV file's text as the data file `name`. An experiment refused for missing exactly this file is
   * then loaded; the current one naming it restarts on it.
   */
  z.strictObject({
    type: z.literal('uploadData'),
    name: z.string().min(1).max(200),
    text: z.string().max(MAX_UPLOAD_CHARS),
  }),
  /** Desktop only: the main process asks for a CSV file in a dialog, then keeps it as `uploadData` does. */
  z.strictObject({ type: z.literal('chooseData') }),
] as const;
