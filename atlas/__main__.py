"""`python -m atlas check ...`: see atlas.cli."""

import sys

from atlas.cli import main

sys.exit(main())
