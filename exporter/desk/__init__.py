"""The review desk (``vnbrief review``): a local page in the browser where a person settles every doubtful
segment of a translation. :mod:`.session` holds the articles and the actions on them, :mod:`.app` the page (a
Flask application), :mod:`.server` serves it on 127.0.0.1. Flask is imported only when the desk is used."""
