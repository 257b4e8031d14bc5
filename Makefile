# Aliases for tasks.py, which needs nothing but python3 (3.11+).
.PHONY: run test bench schema demo
run:
	python3 tasks.py run
test:
	python3 tasks.py test
bench:
	python3 tasks.py bench
schema:
	python3 tasks.py setup && .venv/bin/directive-flow schema -o schema/
demo:
	python3 tasks.py demo
