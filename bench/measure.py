"""measure.py - the measurements behind bench/run.sh (stdlib only).

Each figure is the best of REPEAT alternating rounds (tool, baseline, tool,
baseline...), so both sides see the same machine state.

    measure.py N LOCKS [OTHER_TREE]

With OTHER_TREE (another build tree of shuffler, e.g. a worktree of an older
commit), (c) compares the two builds' runs per second on the same work, in
alternating rounds too: the before/after figure of a change; (d) does the
same for the exhaustive exploration of tests/targets/spawn_two (two
children started by posix_spawn, about 100 runs).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

REPEAT = 5
TOOL = "src/shuffle-run"


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def json_runs(cmd):
    out = subprocess.run(cmd, stdout=subprocess.PIPE, check=False).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def main():
    n, locks = int(sys.argv[1]), int(sys.argv[2])
    fails = tempfile.mkdtemp(prefix="shuffle-bench-")
    prog = "examples/lost_update"
    tool = [TOOL, "--strategy", "random", "--seed", "1", "--max-iterations", str(n),
            "--failures-dir", fails, prog]
    base = ["bench/spawn", str(n), prog]
    t_tool, t_base = [], []
    for _ in range(REPEAT):
        t_tool.append(timed(tool))
        t_base.append(timed(base))
    a_tool, a_base = min(t_tool), min(t_base)
    print(f"(a) {n} runs of {prog}: shuffle-run {a_tool:.3f} s "
          f"({a_tool / n * 1e6:.0f} us/run), plain fork+exec {a_base:.3f} s "
          f"({a_base / n * 1e6:.0f} us/run), ratio {a_tool / a_base:.2f}")

    many = "tests/targets/many_locks"
    per_step = []
    steps = switches = decisions = 0
    for _ in range(REPEAT):
        runs = json_runs([TOOL, "--json", "--strategy", "random", "--seed", "1",
                          "--max-iterations", "1", "--failures-dir", fails, many, str(locks)])
        run = runs[0]
        steps, decisions = run["steps"], run["decisions"]
        seq = run["sequence"]
        switches = sum(1 for a, b in zip(seq, seq[1:]) if a != b)
        native = timed(["bench/spawn", "1", many, str(locks)])
        per_step.append((run["elapsed_s"] - native) / steps * 1e6)
    best = min(per_step)
    print(f"(b) {many} {locks}: {steps} steps ({decisions} decisions, {switches} thread "
          f"switches), {best:.2f} us per step, {best * steps / max(switches, 1):.2f} us per "
          f"switch (run time under the tool minus native run time, best of {REPEAT})")
    if len(sys.argv) > 3:
        compare(sys.argv[3], n, fails)
    print(f"machine: {os.cpu_count()} CPUs, {os.uname().release}")


def compare(other, n, fails):
    def cmd(tree):
        return [os.path.join(tree, TOOL), "--strategy", "random", "--seed", "1",
                "--max-iterations", str(n), "--failures-dir", fails,
                os.path.join(tree, "examples/lost_update")]
    t_this, t_other = [], []
    for _ in range(REPEAT):
        t_other.append(timed(cmd(other)))
        t_this.append(timed(cmd(".")))
    r_this, r_other = n / min(t_this), n / min(t_other)
    print(f"(c) {n} random runs of examples/lost_update: this tree {r_this:.0f} runs/s, "
          f"{other} {r_other:.0f} runs/s, ratio this/other {r_this / r_other:.2f}")

    def spawn(tree):
        runs = json_runs([os.path.join(tree, TOOL), "--json", "--strategy", "exhaustive",
                          "--failures-dir", fails,
                          os.path.join(tree, "tests/targets/spawn_two"), "spawn"])
        return runs[-1]["runs"] / runs[-1]["elapsed_s"]
    s_this, s_other = [], []
    for _ in range(REPEAT):
        s_other.append(spawn(other))
        s_this.append(spawn("."))
    r_this, r_other = max(s_this), max(s_other)
    print(f"(d) exhaustive tests/targets/spawn_two spawn: this tree {r_this:.1f} runs/s "
          f"({1000 / r_this:.0f} ms/run), {other} {r_other:.1f} runs/s "
          f"({1000 / r_other:.0f} ms/run), ratio this/other {r_this / r_other:.2f}")


main()
