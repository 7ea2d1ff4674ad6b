"""The command line: parse options, call the library, turn its errors into clean messages.

Exit status: 0 success; 1 the command ran but some input was bad or was refused (the good
part is kept, unless --strict); 2 a usage error.
"""

from annotator.cli.main import main

__all__ = ["main"]
