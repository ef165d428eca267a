# The README's two commands, `make editions` and `make test`; `make test-fast`; and `make lock`.
.PHONY: editions test test-fast lock

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

# The tests not marked slow: for the edit-test loop; `make test` (and CI) runs them all.
test-fast:
	scripts/setup.sh --test
	.venv/bin/python -m pytest -q -m "not slow"

# Resolve pyproject.toml's dependencies (with the test extra) again, as PyPI had them at
# the start of today (UTC), into requirements.lock: exact versions with their hashes, for
# every platform and Python >= 3.11. The command is recorded in the lock's header;
# tests/test_lock.py runs it again and compares. uv comes from the test extra (the set-up
# installs it, and the lock is written, even when the old lock no longer satisfies
# pyproject.toml and the set-up says so).
lock:
	[ -x .venv/bin/uv ] || scripts/setup.sh || [ -x .venv/bin/uv ]
	.venv/bin/uv pip compile --no-config pyproject.toml --extra test --universal --python-version 3.11 --generate-hashes \
		--exclude-newer $(shell date -u +%Y-%m-%d)T00:00:00Z --quiet -o requirements.lock
