#!/usr/bin/env bash
# Creates .venv-test/ with the pinned Keras, TensorFlow, PyTorch, scikit-learn and statsmodels
# that the 'keras' test layer, `npm run coach:eval` and `npm run bench` run against.
# Idempotent: a venv whose stamp matches python/requirements-test.txt is reused as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv-test
req=python/requirements-test.txt
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"

if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

py="${FITWATCH_BASE_PYTHON:-python3}"
command -v "$py" >/dev/null || { echo "setup-python: no '$py' on PATH; install Python 3.10+ first" >&2; exit 1; }
rm -rf "$venv"
"$py" -m venv "$venv"

# Where a local package index is configured (as on this project's machines), ask it alone:
# pip would otherwise retry an unreachable default index for every package.
args=()
if [ -d /opt/pypi/simple ]; then
  args+=(--index-url file:///opt/pypi/simple)
  [ -d /opt/pypi-more/simple ] && args+=(--extra-index-url file:///opt/pypi-more/simple)
fi
echo "setup-python: installing $req into $venv (a few minutes the first time)"
PIP_RETRIES=0 "$venv/bin/pip" install -q "${args[@]}" -r "$req" 2>&1 | grep -v "is ignored: it is neither a file nor a directory" || true
"$venv/bin/python" -c "import keras, tensorflow, torch, sklearn, statsmodels, tensorboardX; print('setup-python: keras', keras.__version__, '· tensorflow', tensorflow.__version__, '· torch', torch.__version__)" 2>/dev/null \
  || { echo "setup-python: the pinned packages of $req did not install into $venv; run 'bash scripts/setup-python.sh' to see pip's error" >&2; exit 1; }
echo "$want" > "$stamp"
