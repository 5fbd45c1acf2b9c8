/**
 * An input problem the user must fix (missing file, bad YAML, bad --set): the CLI prints
 * `message` as one line and exits 2. Never carries a stack trace to the user.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** `file:line:col: message` for a position inside an input file. */
export function inputErrorAt(file: string, line: number, column: number, message: string): InputError {
  return new InputError(`${file}:${line}:${column}: ${message}`);
}

/** Receives an input that cannot be read; that input is skipped. Without one, the error is thrown. */
export type OnInputError = (error: InputError) => void;

/** A message as one line: an input's own text (a file name, a YAML excerpt) may hold line breaks. */
export function oneLine(message: string): string {
  return message.replace(/\r?\n|\r/g, ' ');
}
