# Two commands on a fresh machine with Python 3.11+ and make:  `make run`  and  `make test`.
# The first interpreter that actually runs and is 3.11+ (pyenv shims exist for versions that do not run).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run PORT=8080` serves on another port.
PORT ?= 8000

.PHONY: constraints setup run test test-postgres bench bench-submit bench-scale bench-scale-smoke model lint audit clean blindrsa

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "Upstream needs Python 3.11 or newer (python3 --version)"; exit 2; }
	@$(PYTHON) tools/bootstrap_venv.py $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' -c constraints.txt
	@touch $(STAMP)

setup: $(STAMP)

# The demo lets leaders look around without an authenticator app; a deployment requires one
# (UPSTREAM_REQUIRE_MFA defaults to on). `make run REQUIRE_MFA=1` shows the demo as deployed.
# UPSTREAM_DEMO_SIGN_IN lists the demo logins on the sign-in page: here only, never in a deployment.
REQUIRE_MFA ?= 0

run: setup
	$(BIN)/upstream migrate --noinput
	$(BIN)/upstream load-demo
	UPSTREAM_REQUIRE_MFA=$(REQUIRE_MFA) UPSTREAM_DEMO_SIGN_IN=1 UPSTREAM_BASE_URL=http://127.0.0.1:$(PORT) \
		$(BIN)/upstream serve --port $(PORT)

test: setup
	$(BIN)/pytest

# The same suite against PostgreSQL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
test-postgres: setup
	@test -n "$(DATABASE_URL)" || (echo "Set DATABASE_URL to a PostgreSQL database" && exit 2)
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/bench_themes.py
	$(BIN)/python bench/bench_store_themes.py
	$(BIN)/python bench/early_warning_sim.py
	$(BIN)/python bench/bench_listening_names.py

# The anonymous submit against a bare one-INSERT view, 20 clients, on PostgreSQL (docs/benchmarks.md).
bench-submit: setup
	$(BIN)/python bench/bench_submit.py

# Health-system scale in PostgreSQL (docs/benchmarks.md): bulk-load CONCERNS (default 1,000,000) and
# 5,000,000 pulse-survey answers (29 waves) into BENCH_DATABASE_URL (its name must contain 'bench';
# it is wiped), then 20 leaders at once. Not run by CI.
bench-scale: setup
	@test -n "$(BENCH_DATABASE_URL)" || (echo "Set BENCH_DATABASE_URL=postgres://.../upstream_bench" && exit 2)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/scale/generate.py --concerns $(or $(CONCERNS),1000000)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/scale/measure.py --users 20 --seconds 60 --report

# A tiny bench-scale run in the database BENCH_DATABASE_URL names, which needs "bench" in its name
# (created and dropped again when missing, refilled when it exists; CI runs it): the generator and
# every measured page still work. Measures nothing.
bench-scale-smoke: setup
	@test -n "$(BENCH_DATABASE_URL)" || (echo "Set BENCH_DATABASE_URL=postgres://.../upstream_bench_smoke" && exit 2)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/scale/smoke.py

# Rebuilds the shipped text model in a separate build-only environment (needs PyTorch there only).
model:
	bash tools/build_model/build.sh

# Rebuilds the committed browser bundle for speak-up tokens from the pinned npm packages (needs Node.js
# and npm; `make run` does not). Prints the integrity hash that docs/speakup.md publishes.
blindrsa:
	cd tools/blindrsa && npm ci --no-audit --no-fund && npm run build
	@python3 -c "import base64,hashlib;print('sha384-'+base64.b64encode(hashlib.sha384(open('upstream/static/upstream/blindrsa.js','rb').read()).digest()).decode())"

lint: setup
	$(BIN)/ruff check upstream bench tools conftest.py
	$(BIN)/ruff format --check upstream bench tools conftest.py

# Known vulnerabilities in the installed versions (pip-audit, in its own .venv-audit).
audit: setup
	python3 tools/audit/run.py

clean:
	rm -rf $(VENV) .venv-audit var build *.egg-info

# constraints.txt: what `pip install .` resolves today, every indirect package included, from a
# throwaway environment without the test packages (docs/dependencies.md). Run after changing the
# dependencies in pyproject.toml, then `make test`.
constraints:
	rm -rf .constraints-venv && $(PYTHON) tools/bootstrap_venv.py .constraints-venv
	.constraints-venv/bin/python -m pip install --quiet --disable-pip-version-check .
	{ sed -n '1,3p' constraints.txt; .constraints-venv/bin/python -m pip freeze --exclude upstream; } > constraints.txt.new
	mv constraints.txt.new constraints.txt && rm -rf .constraints-venv
