"""``python -m exporter`` runs the ``vnbrief`` command."""
from .cli import main

if __name__ == "__main__":
    main()
