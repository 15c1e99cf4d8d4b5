"""Start a private Virtuoso 7 server for the opt-in integration test, bound to 127.0.0.1 only.

No VADInstallDir: given one, a new database installs the Conductor (the web admin, which the tests do
not use; Debian's package fails to install it anyway), which took 5 of Virtuoso's 10 s to start.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from tests.endpoint_servers import free_port, stop, wait_until_answering

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
"""


def available() -> bool:
    """Tell whether Virtuoso and its isql client are installed."""
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


@contextlib.contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """Start virtuoso-t in the foreground on loopback ports; allow SPARQL updates; yield the base URL."""
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(INI.format(d=folder, sql=sql, http=http))
    proc = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http}"
    try:
        wait_until_answering(f"{base}/sparql?query=ASK%7B%7D", proc, "virtuoso", seconds=120)
        subprocess.run(
            ["isql-vt", f"127.0.0.1:{sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield base
    finally:
        stop(proc, seconds=30)
