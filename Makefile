# Thin aliases for ./run, which needs no make (a fresh Debian machine has
# none): `make demo` = `./run demo`, and so on. README.md, "Quick start".
.PHONY: setup demo test lint bench clean

setup demo test lint bench:
	./run $@

clean:
	rm -rf .venv out build *.egg-info
