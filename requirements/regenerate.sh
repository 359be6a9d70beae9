#!/usr/bin/env bash
# Regenerate requirements/action.lock, the pinned and hashed dependencies the
# GitHub Action installs (action.yml), after a change to pyproject's
# dependencies. Run from the repository root with Python 3.11 (the Action's
# default; the lock pins what 3.11 needs, a superset of later versions' needs):
#     python3.11 -m pip install pip-tools && bash requirements/regenerate.sh
# It resolves against PyPI alone (no local pip config, wheel folders or mirrors),
# so every hash is one of the files PyPI serves to the Action's runners.
# Build dependencies (setuptools) are pinned too: the Action builds sampledrift
# itself with --no-build-isolation --no-index, so nothing unpinned is fetched.
# The `langid` extra is locked in: the Action checks trees whose paths may name
# no locale, and a CI runner does not mind numpy's size (`pip install sampledrift`
# without the extra stays small; checker/langid.py).
set -euo pipefail
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_CONSTRAINT
export PIP_CONFIG_FILE=/dev/null
export CUSTOM_COMPILE_COMMAND="bash requirements/regenerate.sh  (see that script; needs pip-tools, Python 3.11)"
pip-compile --quiet --rebuild --generate-hashes --strip-extras --no-emit-index-url \
    --no-emit-find-links --all-build-deps --allow-unsafe --extra langid \
    --output-file requirements/action.lock pyproject.toml
rm -rf sampledrift.egg-info
