# The README's two commands: `make editions` and `make test`.
.PHONY: editions test setup

editions:
	scripts/setup.sh
	.venv/bin/sco-publish validate

test:
	scripts/setup.sh --test
	.venv/bin/python -m pytest -q
