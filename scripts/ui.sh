#!/usr/bin/env bash
# Serve the Dagster UI for this repository: `make ui` (or scripts/ui.sh) from anywhere.
#
#   UI_HOST (default 127.0.0.1), UI_PORT (default 3000), PIPELINE_DATA_DIR (default
#   ./data) and DAGSTER_HOME (default: the data root's own instance, $PIPELINE_DATA_DIR/.dagster,
#   the one `python -m pipeline run` records its runs in) may be set.
#
# Ctrl-C or SIGTERM stops the webserver, the daemon and the code server and leaves no
# process behind. `dagster dev` started with & from a script ignores SIGINT (a background
# job inherits SIGINT ignored) and does not always stop on SIGTERM alone (STACK.md), so it
# runs in its own session (setsid) with SIGINT back to default, and on exit this script
# sends SIGTERM to that whole process group, then SIGKILL to whatever is left after 20 s.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST="${UI_HOST:-127.0.0.1}"
PORT="${UI_PORT:-3000}"
export PIPELINE_DATA_DIR="$(realpath -m "${PIPELINE_DATA_DIR:-$PWD/data}")"
export DAGSTER_HOME="${DAGSTER_HOME:-$PIPELINE_DATA_DIR/.dagster}"
export DAGSTER_DISABLE_TELEMETRY=1
mkdir -p "$DAGSTER_HOME"
if command -v uv >/dev/null 2>&1; then
    python=(uv run --frozen python)
else
    python=(.venv/bin/python)
fi
if [ ! -f "$DAGSTER_HOME/dagster.yaml" ]; then
    # the shipped instance config, with the event log's folder written out (pipeline.orchestration.instance)
    "${python[@]}" -c 'import os, pathlib; from pipeline.orchestration.instance import write_instance_config; write_instance_config(pathlib.Path(os.environ["DAGSTER_HOME"]))'
fi

if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
    echo "ui: $HOST:$PORT is already in use (another Dagster UI?); set UI_PORT=3001" >&2
    exit 1
fi

group=""
stop() {
    trap - INT TERM EXIT
    if [ -n "$group" ] && kill -0 -- "-$group" 2>/dev/null; then
        echo "ui: stopping Dagster (process group $group)" >&2
        kill -TERM -- "-$group" 2>/dev/null || true
        for _ in $(seq 1 40); do
            kill -0 -- "-$group" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 -- "-$group" 2>/dev/null; then
            echo "ui: still running after 20 s; killing process group $group" >&2
            kill -KILL -- "-$group" 2>/dev/null || true
        fi
    fi
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

if command -v uv >/dev/null 2>&1; then
    dagster=(uv run --frozen dagster)
else
    dagster=(.venv/bin/dagster)
fi

echo "ui: Dagster UI on http://$HOST:$PORT for $PIPELINE_DATA_DIR (DAGSTER_HOME=$DAGSTER_HOME); Ctrl-C stops it" >&2
# A background job of a script is not a process group leader, so setsid does not fork:
# $! is the new session's leader and its process group id.
setsid env --default-signal=INT "${dagster[@]}" dev -h "$HOST" -p "$PORT" &
group=$!
echo "ui: dagster dev runs as process group $group" >&2
status=0
wait "$group" || status=$?
stop
exit "$status"
