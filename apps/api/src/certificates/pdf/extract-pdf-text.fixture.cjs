// Extracts the text of a PDF given as a file path and prints it: run as a child process, because pdf-parse 2
// is an ES module with a worker that jest's module system does not load.
const { readFileSync } = require('node:fs');
const { PDFParse } = require('pdf-parse');

const parser = new PDFParse({ data: readFileSync(process.argv[2]) });
parser
  .getText()
  .then((result) => {
    process.stdout.write(result.text);
    return parser.destroy();
  })
  .catch((error) => {
    process.stderr.write(String(error && error.message));
    process.exit(1);
  });
