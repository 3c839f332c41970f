"""One parser per input kind (plain text, Markdown, HTML pages, Word files, feeds) and the decoding of bytes into
Unicode; each applies the structure rules below it and is loaded only with its input kind."""
