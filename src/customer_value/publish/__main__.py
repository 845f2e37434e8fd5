"""``python -m customer_value.publish``: the same as ``customer-value publish``."""

import sys

from customer_value.publish.cli import main

sys.exit(main())
