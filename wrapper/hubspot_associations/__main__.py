"""``python -m hubspot_associations ...``: the command line (:mod:`hubspot_associations.cli`)."""

import sys

from .cli import main

sys.exit(main())
