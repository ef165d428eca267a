# The README's two commands: `make editions` and `make test`.
.PHONY: editions test

SCO := .venv/bin/sco-publish

editions:
	scripts/setup.sh
	$(SCO) validate
	$(SCO) sync
	$(SCO) lint --release
	$(SCO) build

test:
	scripts/setup.sh --test
	.venv/bin/python -m pytest -q
