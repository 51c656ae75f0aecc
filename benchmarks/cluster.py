"""A Dagster cluster on one machine: Redis, a throwaway PostgreSQL, Celery workers.

What ``tests/cluster/test_celery_cluster.py`` and ``python -m benchmarks reports
--executor celery`` both start, as context managers that stop every process they
started on the way out, whether the body succeeded or not:

* ``redis_server``: ``redis-server`` on a free 127.0.0.1 port, nothing saved to disk (the
  Celery broker and result backend);
* ``postgres_cluster``: ``initdb`` + ``pg_ctl`` on a free loopback port, trust
  authentication, fsync off (a throwaway cluster; as ``nobody`` when run as root, because
  initdb refuses root);
* ``cluster_instance``: a ``DAGSTER_HOME`` holding the deployment's own
  ``deploy/dagster.yaml``, its variables pointed at that PostgreSQL;
* ``celery_workers``: N ``celery -A dagster_celery.app worker`` processes on the
  ``dagster`` queue, one task at a time each (``--pool solo``, prefetch 1).

Every server runs in a process group of its own: stopping TERMs the group, then KILLs what
is left after 10 s.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.settings import REPO_ROOT

#: Seconds a server (or a Celery worker) has to come up.
START_SECONDS = 60
#: An unprivileged user for PostgreSQL when running as root.
PG_USER = "nobody"


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary(name: str) -> str:
    """The path of ``name``, also in PostgreSQL's versioned folder; a clear error without it."""
    found = shutil.which(name) or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None
    )
    if not found:
        raise RuntimeError(f"{name} not found: scripts/setup.sh installs it (scripts/apt-packages.txt)")
    return found


def wait_until(ready: Callable[[], bool], what: str, log: Path | None = None, seconds: float = START_SECONDS):
    """Poll ``ready`` until it is true; after ``seconds``, an error with the tail of ``log``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.2)
    tail = log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""
    raise RuntimeError(f"{what} not ready after {seconds} s\n{tail}")


def stop_group(proc: subprocess.Popen) -> None:
    """TERM the process group, KILL what is left after 10 s."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # children that outlived their leader


@contextlib.contextmanager
def redis_server(work_dir: Path) -> Iterator[str]:
    """``redis-server`` on 127.0.0.1, saving nothing; its URL (``redis://127.0.0.1:PORT/0``)."""
    port = free_port()
    log = work_dir / "redis.log"
    proc = subprocess.Popen(
        [
            *(binary("redis-server"), "--bind", "127.0.0.1", "--port", str(port)),
            *("--save", "", "--appendonly", "no", "--dir", str(work_dir), "--logfile", str(log)),
        ],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:

        def ready() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"redis-server exited: {log.read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
            return False

        wait_until(ready, "redis-server", log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        stop_group(proc)


def _as_pg_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", PG_USER, "--", *args]


@contextlib.contextmanager
def postgres_cluster(work_dir: Path) -> Iterator[str]:
    """A throwaway PostgreSQL cluster in ``work_dir/pg``; its URL (user ``dagster``, no password).

    ``work_dir`` must be readable by ``nobody`` when running as root (not pytest's tmp_path).
    """
    data = work_dir / "pg"
    data.mkdir()
    if os.geteuid() == 0:
        user = pwd.getpwnam(PG_USER)
        os.chown(data, user.pw_uid, user.pw_gid)
    port = free_port()
    initdb = [binary("initdb"), "-D", str(data), "-U", "dagster", "-A", "trust", "-E", "UTF8"]
    subprocess.run(_as_pg_user([*initdb, "--no-instructions"]), check=True, capture_output=True, text=True)
    log = data / "server.log"
    options = f"-p {port} -h 127.0.0.1 -k {data} -c fsync=off -c full_page_writes=off"
    pg_ctl = binary("pg_ctl")
    wait = ("-w", "-t", str(START_SECONDS))
    try:
        subprocess.run(
            _as_pg_user([pg_ctl, "-D", str(data), "-o", options, "-l", str(log), *wait, "start"]),
            check=True,
            capture_output=True,
            text=True,
        )
        yield f"postgresql://dagster@127.0.0.1:{port}/postgres"
    finally:
        stop = [pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]
        subprocess.run(_as_pg_user(stop), capture_output=True)
        pid_file = data / "postmaster.pid"
        if pid_file.exists():  # pg_ctl could not stop it: kill the postmaster's group
            with contextlib.suppress(ValueError, ProcessLookupError):
                os.killpg(os.getpgid(int(pid_file.read_text().split()[0])), signal.SIGKILL)


@contextlib.contextmanager
def cluster_instance(work_dir: Path, postgres_url: str) -> Iterator[Path]:
    """A ``DAGSTER_HOME`` with ``deploy/dagster.yaml``, its variables set in ``os.environ`` meanwhile."""
    home = work_dir / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    url = urlsplit(postgres_url)
    variables = {
        "DAGSTER_HOME": str(home),
        "DAGSTER_PG_HOST": url.hostname or "127.0.0.1",
        "DAGSTER_PG_PORT": str(url.port),
        "DAGSTER_PG_DB": url.path.lstrip("/"),
        "DAGSTER_PG_USER": url.username or "dagster",
        "DAGSTER_PG_PASSWORD": "",  # trust authentication on the loopback address
        "DAGSTER_SHARED_DIR": str(work_dir / "shared"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
    }
    before = {k: os.environ.get(k) for k in variables}
    os.environ.update(variables)
    try:
        yield home
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextlib.contextmanager
def celery_workers(work_dir: Path, redis_url: str, count: int, host: str = "cluster") -> Iterator[list[str]]:
    """``count`` Celery workers on the ``dagster`` queue, one task at a time each; their names.

    Call inside ``cluster_instance``: the workers inherit its variables (the same instance).
    """
    config_dir = work_dir / "celery_config"
    config_dir.mkdir(exist_ok=True)
    (config_dir / "dagster_celery_config.py").write_text(
        f"broker_url = {redis_url!r}\nresult_backend = {redis_url!r}\n", encoding="utf-8"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(config_dir), str(REPO_ROOT)]))
    names = [f"worker{i}@{host}" for i in range(1, count + 1)]
    procs: list[subprocess.Popen] = []
    try:
        for name in names:
            log = work_dir / f"{name.split('@')[0]}.log"
            procs.append(
                subprocess.Popen(
                    [
                        *(sys.executable, "-m", "celery", "-A", "dagster_celery.app", "worker"),
                        *("-n", name, "-Q", "dagster", "--pool", "solo", "--prefetch-multiplier", "1"),
                        *("--without-gossip", "--without-mingle", "--loglevel", "INFO"),
                        *("--logfile", str(log)),
                    ],
                    cwd=REPO_ROOT,
                    env=env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.STDOUT,
                )
            )

        from celery import Celery

        app = Celery(broker=redis_url, backend=redis_url)

        def ready() -> bool:
            for proc in procs:
                if proc.poll() is not None:
                    raise RuntimeError(f"a Celery worker exited ({proc.returncode}): see {work_dir}")
            replies = app.control.ping(timeout=1) or []
            return {n for reply in replies for n in reply} >= set(names)

        wait_until(ready, f"{count} Celery workers", work_dir / "worker1.log", seconds=START_SECONDS * 2)
        yield names
    finally:
        for proc in procs:
            stop_group(proc)
