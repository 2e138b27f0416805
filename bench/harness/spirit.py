"""django-spirit beside Peerhaven: its own virtual environment (bench/spirit-venv, created on
first use and reused), its own database, the same texts loaded through its own models."""

import json
import subprocess
import sys

import psycopg

from harness import procs

VENV = procs.BENCH / "spirit-venv"
REQUIREMENTS = [
    "django-spirit==0.14.3",
    "Django>=5.2,<5.3",  # the Django Peerhaven runs, so the comparison is of the apps
    "daphne>=4.1,<5",
    "psycopg[binary,pool]>=3.2,<4",
]
MARKER = VENV / ".bench-requirements"


def ensure_venv() -> None:
    """Create or refresh bench/spirit-venv when its requirements changed (the one install
    the benches may do at run time)."""
    wanted = "\n".join(REQUIREMENTS)
    if MARKER.exists() and MARKER.read_text() == wanted and (VENV / "bin" / "daphne").exists():
        return
    print("   creating bench/spirit-venv (once; about a minute) ...", flush=True)
    if not (VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True, timeout=300)
    subprocess.run(
        [
            str(VENV / "bin" / "pip"),
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *REQUIREMENTS,
        ],
        check=True,
        timeout=900,
    )
    MARKER.write_text(wanted)


def versions() -> str:
    out = subprocess.run(
        [
            str(VENV / "bin" / "python"),
            "-c",
            "import importlib.metadata as m; print(' '.join(f'{p} {m.version(p)}' for p in "
            "('django-spirit', 'Django', 'daphne')))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return out.stdout.strip()


def env(db: str) -> dict:
    base = procs.peerhaven_env(db, None)
    base.update(
        DJANGO_SETTINGS_MODULE="spirit_project.settings",
        PYTHONPATH=str(procs.BENCH),
        SPIRIT_WORKDIR=str(procs.workdir()),
    )
    return base


def export_peerhaven(db: str, big_thread: int, per_page: int) -> str:
    """The members, boards, threads and posts of the Peerhaven bench database, as JSON."""
    conninfo = f"host=127.0.0.1 port=5432 user=postgres dbname={db}"
    with psycopg.connect(conninfo) as conn:
        members = [r[0] for r in conn.execute("SELECT pseudonym FROM accounts_member ORDER BY id")]
        boards = [
            {"slug": s, "name": n, "description": d, "order": o}
            for s, n, d, o in conn.execute(
                'SELECT slug, name, description, "order" FROM forum_board ORDER BY "order", id'
            )
        ]
        threads = [
            {
                "id": i,
                "board": b,
                "title": t,
                "author": a or members[0],
                "created": c.isoformat(),
                "last_activity": la.isoformat(),
                "posts": n,
            }
            for i, b, t, a, c, la, n in conn.execute(
                "SELECT t.id, b.slug, t.title, m.pseudonym, t.created, t.last_activity, "
                "(SELECT count(*) FROM forum_post p WHERE p.thread_id = t.id) "
                "FROM forum_thread t JOIN forum_board b ON b.id = t.board_id "
                "LEFT JOIN accounts_member m ON m.id = t.author_id ORDER BY t.id"
            )
        ]
        posts = [
            {"thread": t, "author": a or members[0], "body": body, "created": c.isoformat()}
            for t, a, body, c in conn.execute(
                "SELECT p.thread_id, m.pseudonym, p.body, p.created FROM forum_post p "
                "LEFT JOIN accounts_member m ON m.id = p.author_id ORDER BY p.created, p.id"
            )
        ]
        big_board = conn.execute(
            "SELECT b.slug FROM forum_thread t JOIN forum_board b ON b.id = t.board_id "
            "WHERE t.id = %s",
            (big_thread,),
        ).fetchone()[0]
    path = procs.workdir() / "spirit-export.json"
    path.write_text(
        json.dumps(
            {
                "members": members,
                "boards": boards,
                "threads": threads,
                "posts": posts,
                "big_thread": big_thread,
                "big_board": big_board,
                "per_page": per_page,
            }
        )
    )
    return str(path)


def prepare(export_path: str) -> tuple[dict, dict]:
    """Migrate a fresh Spirit database and load the export; returns (env, paths)."""
    db = procs.create_database("spirit")
    spirit_env = env(db)
    python = str(VENV / "bin" / "python")
    for args in (
        [python, "-m", "django", "migrate", "--noinput", "-v", "0"],
        [python, str(procs.BENCH / "spirit_project" / "load.py"), export_path],
    ):
        result = subprocess.run(
            args, cwd=procs.BENCH, env=spirit_env, capture_output=True, text=True, timeout=600
        )
        if result.returncode != 0:
            raise RuntimeError(f"Spirit set-up failed ({args[1]}):\n{result.stderr[-3000:]}")
    return spirit_env, json.loads(result.stdout.strip().splitlines()[-1])
