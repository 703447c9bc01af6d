"""Scripts run from the project root as modules: `python -m tools.curate`, `python -m tools.bench_app`, ..."""
