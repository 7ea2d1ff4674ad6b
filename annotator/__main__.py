"""`python -m annotator` runs the command line."""

from annotator.cli import main

# Guarded: the worker processes of an export or an import are spawned, and a spawned process
# imports the main module again (under another name); it must not run the command again.
if __name__ == "__main__":
    main()
