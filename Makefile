# The two commands of the README: `make report` and `make test`.
# Both create .venv from the pinned requirements.lock when it is missing or stale.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test report lab venv benchmark data notebooks clean-venv

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# nbval re-executes the committed notebooks and compares every stored output (strict mode).
# It runs under OpenBLAS's Sandybridge kernel, not the one the committed notebooks were
# executed with (Haswell, the kernel OpenBLAS picks on an AVX2 machine): kernels add in
# different orders, so an output that shows a float's last bits differs between them and
# fails here, as it would on another CPU. Outputs must not depend on those bits
# (peelstats._precision: machine-readable floats at 12 significant digits). On a CPU
# without AVX, pick an older kernel: make test NBVAL_OPENBLAS_CORETYPE=Prescott.
NBVAL_OPENBLAS_CORETYPE ?= Sandybridge
test: $(STAMP)
	$(BIN)/python -m pytest src/peelstats tests
	OPENBLAS_CORETYPE=$(NBVAL_OPENBLAS_CORETYPE) $(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg notebooks/

report: $(STAMP)
	$(BIN)/peelstats report --all --period latest --out reports

# JupyterLab on the notebooks; jupyterlab is pinned in requirements.lock (the `lab` extra).
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_intervals.py
	$(BIN)/python benchmarks/bench_reports.py
	$(BIN)/python benchmarks/bench_csp_reports.py
	$(BIN)/python benchmarks/bench_e_test.py
	$(BIN)/python benchmarks/bench_funnel.py
	$(BIN)/python benchmarks/bench_cli.py

# Re-execute the committed notebooks after a change to what they show, then commit them.
notebooks: $(STAMP)
	$(BIN)/python -m peelstats.reports.refresh

data: $(STAMP)
	$(BIN)/peelstats data build --source ../shared/data --out data

clean-venv:
	rm -rf $(VENV)
