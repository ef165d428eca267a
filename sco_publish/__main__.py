"""Allow ``python -m sco_publish``."""

from sco_publish.cli import run

run()
