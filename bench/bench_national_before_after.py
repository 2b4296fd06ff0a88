"""The national edition's `rank --format json`: the code before issue 10
against this checkout, as child processes, interleaved, best of 3 (wall
and CPU of the child). docs/benchmarks.md, "National scale", has the
recorded output and how the inputs and the old checkout are made:

    W=$(mktemp -d)                                  # or any folder
    paritrana synth --national -o $W/nat            # 3,548 SYNTHETIC files
    git worktree add --detach $W/old 1e4b2ae        # the code before issue 10
    mkdir $W/oldpkg && ln -s $W/old $W/oldpkg/paritrana
    WORK=$W .venv/bin/python bench/bench_national_before_after.py

The code before issue 10 reads folders one level deep, so both are given
the 34 province folders, each as --candidates.
"""

import glob
import os
import resource
import subprocess
import sys
import time

WORK = os.environ["WORK"]
NAT = os.path.join(WORK, "nat")
OLD = os.path.join(WORK, "oldpkg")
dirs = sorted(glob.glob(os.path.join(NAT, "provinsi-*")))
args = sum((["--candidates", d] for d in dirs), [])
py = sys.executable


def run(env_extra, out):
    env = dict(os.environ, **env_extra)
    if os.path.exists(out):
        os.remove(out)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(
        [
            py,
            "-c",
            "from paritrana.cli import main; main()",
            "rank",
            *args,
            "--format",
            "json",
            "-o",
            out,
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    t1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert p.returncode == 0, p.stderr[-500:]
    return t1 - t0, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


res = {"before (1e4b2ae)": [], "after (main)": []}
for _ in range(3):
    res["before (1e4b2ae)"].append(run({"PYTHONPATH": OLD}, os.path.join(WORK, "old.json")))
    res["after (main)"].append(run({}, os.path.join(WORK, "new.json")))
print("load average:", os.getloadavg())
for k, v in res.items():
    print(
        f"{k:18} wall best {min(w for w, _ in v):.2f} s   CPU best {min(c for _, c in v):.2f} s   (runs: {', '.join(f'{w:.2f}' for w, _ in v)})"
    )
b = min(c for _, c in res["before (1e4b2ae)"])
a = min(c for _, c in res["after (main)"])
print(f"CPU after/before: {a / b:.2f}x; at the issue's 2.5 s that is {2.5 * a / b:.2f} s")
