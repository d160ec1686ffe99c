"""``python -m hubspot_associations.cli``: the same as ``python -m hubspot_associations``."""

import sys

from . import main

sys.exit(main())
