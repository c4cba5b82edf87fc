/**
 * @module cli/print-line
 * One line of a command's report on standard output. The commands that print line by line (the ledger's,
 * the actors') share it so every line ends in exactly one newline, whether or not the text brings its own.
 */

/** Write `text` to standard output, adding the newline it lacks. */
export const printLine = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
