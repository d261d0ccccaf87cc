/**
 * Prints the text of the PDF file given as the first argument. Run as a child process (`node -r
 * ./infra/register.js`), because pdf-parse 2 starts a pdf.js worker that jest's module system does not load.
 */
import { readFileSync } from 'node:fs';
import { PDFParse } from 'pdf-parse';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: extract-pdf-text.fixture.ts <file.pdf>');
  const parser = new PDFParse({ data: readFileSync(file) });
  try {
    process.stdout.write((await parser.getText()).text);
  } finally {
    await parser.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof Error ? error.message : 'PDF text extraction failed');
  process.exit(1);
});
