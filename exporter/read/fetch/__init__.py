"""The bottom of reading: bytes from files, standard input and the web (pages, feeds, photos), bounded in size and
time. Knows nothing of pages or articles; every module above takes its bytes from here."""
