"""Run one command and write its wall time, CPU time, peak memory and exit code as JSON to a file.

``python -m benchmarks.rss OUT.json CMD ...``. The harness measures commands through this small
process because Linux counts in a child's peak resident memory the pages it shared with its parent
before ``exec``: a harness that has loaded graphs would lend every command it times its own size.
This module imports nothing heavy, so what it lends is about 10 MB.
"""

import json
import os
import subprocess
import sys
import time


def main() -> None:
    """Run the command given after the output path; record what it cost."""
    out, cmd = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)  # noqa: S603 - the harness's own commands
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    result = {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "rss_mb": round(usage.ru_maxrss / 1024, 1),
        "exit": os.waitstatus_to_exitcode(status),
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
