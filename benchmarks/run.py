"""Benchmarks of the flow engine against a hand-written Playwright script (``make bench``).

Measures, on the bundled replica (local HTTP, no real site):

(a) ``ens-auto oppose --yes --headless`` as a subprocess vs the raw script
    ``benchmarks/raw_opposition.py`` as a subprocess (same Chromium, same flags):
    what a person waits for, process start included. Target: ratio <= 1.15.
(g) the same as (a) without the masked capture of each new page (the run's evidence):
    what that evidence costs.
(b) the same two in-process with one shared browser: the engine's own overhead, without
    process and browser start-up. Also the engine without per-step screenshots and the raw
    script in a context with the origin guard (its proxy to nowhere: what the guard costs).
(c) the extra cost of one broken candidate (matching nothing) put first on every target,
    per target. Target: < 0.5 s.
(d) ``ens-auto --help`` start-up time (median of 10).
(f) the cost of an optional page that is not there (decided by what shows, never by a
    timeout), per page. Target: <= 100 ms.
(e) where the engine spends its time, per phase (with --profile, or when (b) > 1.15).

Runs are paired and alternate (A, B, A, B...) so that a machine busy with something else
slows both sides alike; medians are reported, and the median of the per-pair ratios.
Results: printed as a table, written to ``benchmarks/results/latest.json``.

Usage: ``python benchmarks/run.py [--runs N] [--only a,g,b,c,d,f] [--profile]``
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))

import raw_opposition as raw  # noqa: E402

PERSON = "adulte_sans_photo"
TARGETS = {
    "ratio_subprocess": 1.15,
    "ratio_in_process": 1.15,
    "broken_candidate_s": 0.5,
    "absent_optional_page_s": 0.1,
}


# ---------------------------------------------------------------------------- helpers


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(values: list[float]) -> dict[str, Any]:
    return {
        "median_s": round(median(values), 3),
        "min_s": round(min(values), 3) if values else None,
        "max_s": round(max(values), 3) if values else None,
        "runs_s": [round(v, 3) for v in values],
    }


def paired(
    runs: int, a: Callable[[], float], b: Callable[[], float], label: str
) -> tuple[list[float], list[float]]:
    """Alternate a and b ``runs`` times (b first on odd pairs); one warm-up of each."""
    a()
    b()
    times_a: list[float] = []
    times_b: list[float] = []
    for i in range(runs):
        order = [(a, times_a), (b, times_b)] if i % 2 == 0 else [(b, times_b), (a, times_a)]
        for fn, bucket in order:
            bucket.append(fn())
        print(f"  {label} {i + 1}/{runs}: {times_a[-1]:.2f} s / {times_b[-1]:.2f} s", flush=True)
    return times_a, times_b


def pair_ratio(times_a: list[float], times_b: list[float]) -> float:
    return median([x / y for x, y in zip(times_a, times_b, strict=True)])


def person_details() -> dict[str, str]:
    from ens_auto.replica.identities import load_identities

    return load_identities().person(PERSON).opposition_inputs()


def chromium_version() -> str:
    try:
        out = subprocess.run(
            [raw.CHROMIUM, "--version"], capture_output=True, text=True, timeout=20
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


class QuietUI:
    """A run UI that says yes to everything and prints nothing."""

    def step(self, *args: Any) -> None:
        pass

    def confirm(self, *args: Any, **kwargs: Any) -> str:
        return "continuer"

    def confirm_page(self, *args: Any, **kwargs: Any) -> str:
        return "continuer"

    def ask(self, question: str, *, secret: bool) -> str:
        raise RuntimeError(f"unexpected question: {question}")

    def info(self, message: str) -> None:
        pass

    def warn(self, message: str) -> None:
        pass


# ---------------------------------------------------------------------------- (a) subprocess


def subprocess_env(work: Path, details: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENS_AUTO_")}
    env.update(
        {
            "ENS_AUTO_DATA_DIR": str(work / "data"),
            "ENS_AUTO_CONFIG_DIR": str(work / "config"),
            "ENS_AUTO_DOWNLOAD_DIR": str(work / "documents"),
            "ENS_AUTO_BROWSER_PATH": raw.CHROMIUM,
            "ENS_AUTO_HEADLESS": "true",
            "ENS_AUTO_CODE_PROVISOIRE": details["code_provisoire"],
            "ENS_AUTO_NIR": details["nir"],
            "ENS_AUTO_CARTE_VITALE_TYPE": details["carte_vitale_type"],
            "ENS_AUTO_CARTE_VITALE_SERIE": details["carte_vitale_serie"],
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "COLUMNS": "120",
        }
    )
    return env


def ens_auto_command() -> list[str]:
    script = Path(sys.executable).parent / "ens-auto"
    return [str(script)] if script.exists() else [sys.executable, "-m", "ens_auto"]


def compile_package() -> None:
    """ens-auto's modules as an installed copy has them: compiled (pip compiles a wheel's
    modules as it installs them; an editable install writes them on the first run, unless
    PYTHONDONTWRITEBYTECODE says not to, as on some machines). Playwright's, which the raw
    script imports, were compiled when it was installed. Without this, every timed run of
    ens-auto would compile its own sources again."""
    import compileall

    import ens_auto

    compileall.compile_dir(str(Path(ens_auto.__file__).parent), quiet=1)


def bench_subprocess(
    server: Any, runs: int, details: dict[str, str], work: Path, *, step_captures: bool = True
) -> dict:
    """(a), and (g) with ``step_captures=False``: the same runs without the masked capture
    of each new page (``ENS_AUTO_STEP_SCREENSHOTS=false``; the proof screenshot of the
    confirmation page is still taken, as the raw script takes it)."""
    compile_package()
    env = subprocess_env(work, details)
    if not step_captures:
        env["ENS_AUTO_STEP_SCREENSHOTS"] = "false"
    work = work / ("a" if step_captures else "g")  # each measure its own folders
    counter = iter(range(10_000))

    def engine() -> float:
        server.control.reset()
        run = next(counter)
        env_run = {**env, "ENS_AUTO_DOWNLOAD_DIR": str(work / f"documents-{run}")}
        command = [*ens_auto_command(), "oppose", "--yes", "--headless", "--site", server.url]
        started = time.perf_counter()
        done = subprocess.run(
            command, env=env_run, input="non\n", capture_output=True, text=True, timeout=180
        )
        elapsed = time.perf_counter() - started
        pdfs = list((work / f"documents-{run}").glob("*.pdf"))
        if done.returncode != 0 or len(pdfs) != 1:
            raise SystemExit(f"ens-auto oppose failed ({done.returncode}):\n{done.stderr[-3000:]}")
        return elapsed

    def baseline() -> float:
        server.control.reset()
        out = work / f"raw-{next(counter)}"
        command = [sys.executable, str(HERE / "raw_opposition.py"), "--site", server.url]
        command += ["--out", str(out)]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"raw script failed ({done.returncode}):\n{done.stderr[-3000:]}")
        return elapsed

    label = "(a) oppose / raw" if step_captures else "(g) oppose without step captures / raw"
    times_engine, times_raw = paired(runs, engine, baseline, label)
    return {
        "engine": summary(times_engine),
        "raw": summary(times_raw),
        "ratio_of_medians": round(median(times_engine) / median(times_raw), 3),
        "median_pair_ratio": round(pair_ratio(times_engine, times_raw), 3),
    }


# ---------------------------------------------------------------------------- (b) in-process


def with_broken_candidates(flow_path: Path) -> tuple[Any, int]:
    """The flow with a candidate that matches nothing put first on every target."""
    import yaml

    from ens_auto.flow.model import Flow

    data = yaml.safe_load(flow_path.read_text(encoding="utf-8"))
    broken = {"css": "#introuvable-banc-essai"}
    count = 0

    def prepend(spec: Any) -> Any:
        nonlocal count
        count += 1
        return [broken, *(spec if isinstance(spec, list) else [spec])]

    for step in data["steps"]:
        for key in ("click", "check", "uncheck"):
            if key in step:
                step[key] = prepend(step[key])
        for key in ("fill", "select", "download", "prompt"):
            if key in step and "target" in step[key]:
                step[key]["target"] = prepend(step[key]["target"])
        for key in ("expect", "wait_for"):
            cond = step.get(key) or {}
            for sub in ("visible", "checked"):
                if sub in cond:
                    cond[sub] = prepend(cond[sub])
    return Flow.model_validate(data), count


class InProcess:
    """One Playwright driver, one browser, the replica: runs of the engine and the raw
    script in this process."""

    def __init__(self, server: Any, details: dict[str, str], work: Path) -> None:
        from ens_auto.browser import launch_args
        from ens_auto.flow.load import load_flow
        from ens_auto.flow.run import PLAYWRIGHT
        from ens_auto.identity import parse_details

        self.server = server
        self.raw_details = details
        self.details = parse_details(details)
        self.work = work
        self.flow = load_flow("opposition")
        pw = PLAYWRIGHT.get()
        self.browser = pw.chromium.launch(
            executable_path=raw.CHROMIUM, headless=True, args=launch_args()
        )
        self.counter = iter(range(100_000))

    def close(self) -> None:
        from ens_auto.flow.run import PLAYWRIGHT

        self.browser.close()
        PLAYWRIGHT.stop()

    def engine(self, flow: Any = None, *, screenshots: bool = True) -> float:
        from ens_auto.flow.run import FlowRunner, RunOptions

        self.server.control.reset()
        options = RunOptions(
            run_dir=self.work / f"run-{next(self.counter)}",
            site=self.server.url,
            confirm="none",
            screenshots=screenshots,
        )
        runner = FlowRunner(
            flow or self.flow, self.details, options, QuietUI(), browser=self.browser
        )
        started = time.perf_counter()
        result = runner.run()
        elapsed = time.perf_counter() - started
        if not result.ok:
            raise SystemExit(f"engine run failed: {result.error}")
        return elapsed

    def raw(self, *, guarded: bool = False) -> float:
        self.server.control.reset()
        started = time.perf_counter()
        if guarded:  # what the origin guard adds: its proxy to nowhere, the site direct
            from ens_auto.flow.guard import OriginGuard

            guard = OriginGuard(self.server.url)
            context = guard.new_context(
                self.browser, accept_downloads=True, locale="fr-FR", timezone_id="Europe/Paris"
            )
            page = context.new_page()
        else:
            page = raw.new_page(self.browser)
        try:
            raw.opposition(
                page, self.server.url, self.raw_details, self.work / f"raw-{next(self.counter)}"
            )
        finally:
            page.context.close()
            if guarded:
                guard.close()
        return time.perf_counter() - started


def bench_in_process(bench: InProcess, runs: int) -> dict:
    times_engine, times_raw = paired(runs, bench.engine, bench.raw, "(b) engine / raw")
    no_shots, guarded = paired(
        max(3, runs // 2),
        lambda: bench.engine(screenshots=False),
        lambda: bench.raw(guarded=True),
        "(b) engine without screenshots / raw with the origin guard",
    )
    return {
        "engine": summary(times_engine),
        "raw": summary(times_raw),
        "ratio_of_medians": round(median(times_engine) / median(times_raw), 3),
        "median_pair_ratio": round(pair_ratio(times_engine, times_raw), 3),
        "engine_without_screenshots": summary(no_shots),
        "raw_with_origin_guard": summary(guarded),
    }


def against_shipped(bench: InProcess, runs: int, flow: Any, label: str) -> tuple[list, list, float]:
    """The shipped opposition flow paired with ``flow`` (no step captures on either side):
    both series and the median extra time of ``flow``."""
    plain, other = paired(
        runs,
        lambda: bench.engine(screenshots=False),
        lambda: bench.engine(flow, screenshots=False),
        label,
    )
    return plain, other, median([b - p for p, b in zip(plain, other, strict=True)])


def bench_broken_candidate(bench: InProcess, runs: int) -> dict:
    from ens_auto.flow.load import shipped_flows_dir

    broken_flow, targets = with_broken_candidates(shipped_flows_dir() / "opposition.yaml")
    plain, broken, extra = against_shipped(
        bench, runs, broken_flow, "(c) plain / broken first candidate"
    )
    return {
        "targets_with_a_broken_candidate": targets,
        "plain": summary(plain),
        "broken": summary(broken),
        "extra_total_s": round(extra, 3),
        "extra_per_target_s": round(extra / targets, 4),
    }


# ---------------------------------------------------------------------------- (f) optional pages

#: Where the absent optional pages are put: before these steps (by id) of the shipped flow.
ABSENT_BEFORE = ("code", "identite", "choix", "confirmation", "enregistree")


def with_absent_optional_pages(flow_path: Path) -> tuple[Any, int]:
    """The flow with an optional page that never shows put before several of its pages:
    each is a click on a button the replica does not have."""
    import yaml

    from ens_auto.flow.model import Flow

    data = yaml.safe_load(flow_path.read_text(encoding="utf-8"))
    steps: list[Any] = []
    count = 0
    for step in data["steps"]:
        if step.get("id") in ABSENT_BEFORE:
            count += 1
            steps.append(
                {
                    "say": f"Page d'information absente n° {count} (banc d'essai)",
                    "optional": True,
                    "click": [{"clickable": "J'ai pris connaissance (banc d'essai)"}],
                }
            )
        steps.append(step)
    data["steps"] = steps
    return Flow.model_validate(data), count


def bench_absent_optional(bench: InProcess, runs: int) -> dict:
    from ens_auto.flow.load import shipped_flows_dir

    flow, pages = with_absent_optional_pages(shipped_flows_dir() / "opposition.yaml")
    plain, extra_pages, extra = against_shipped(
        bench, runs, flow, "(f) plain / with absent optional pages"
    )
    return {
        "absent_optional_pages": pages,
        "plain": summary(plain),
        "with_absent_pages": summary(extra_pages),
        "extra_total_s": round(extra, 3),
        "extra_per_page_s": round(extra / pages, 4),
    }


# ---------------------------------------------------------------------------- (d) start-up


def bench_help(runs: int = 10) -> dict:
    command = [*ens_auto_command(), "--help"]
    subprocess.run(command, capture_output=True, timeout=60)  # warm the file cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, timeout=60)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit("ens-auto --help failed")
    return summary(times)


# ---------------------------------------------------------------------------- (e) profile


@contextlib.contextmanager
def phase_timers() -> Iterator[dict[str, list[float]]]:
    """Time the engine's phases by wrapping its methods (restored afterwards)."""
    from ens_auto.flow import locate
    from ens_auto.flow import run as run_module

    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    wrapped: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, name: str, phase: str) -> None:
        original = getattr(owner, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[phase][0] += time.perf_counter() - started
                totals[phase][1] += 1

        wrapped.append((owner, name, original))
        setattr(owner, name, timed)

    from ens_auto.flow import actions as actions_module
    from ens_auto.flow import capture as capture_module
    from ens_auto.flow import guard as guard_module

    runner = run_module.FlowRunner
    wrap(runner, "_do", "step (resolve + action + waits)")
    wrap(actions_module, "resolve", "  of which: resolve (race + count candidates)")
    wrap(locate, "count_all", "    of which: count every candidate")
    wrap(runner, "_before_act", "  of which: safety checks before acting")
    wrap(runner, "_settle", "  of which: settle after click")
    wrap(runner, "_type_into", "  of which: fill + read back")
    wrap(runner, "_download", "  of which: download + PDF check")
    wrap(runner, "_needed", "optional steps decided (lookahead)")
    wrap(runner, "_branch", "one_of branches decided")
    wrap(runner, "_screenshot", "capture of each new page started (background)")
    wrap(capture_module.Captures, "settle", "captures awaited before acting on the page")
    wrap(capture_module.Captures, "now", "captures taken at once (failure, last page)")
    wrap(runner, "_check_health", "site health check (title + h1)")
    wrap(runner, "_open_context", "new context (origin guard) + page")
    wrap(runner, "_final_evidence", "final evidence (text + screenshot)")
    wrap(guard_module.OriginGuard, "on_failed", "origin guard: blocked requests sorted")
    try:
        yield totals
    finally:
        for owner, name, original in reversed(wrapped):
            setattr(owner, name, original)


def bench_profile(bench: InProcess, runs: int = 3) -> dict:
    with phase_timers() as totals:
        total = 0.0
        for _ in range(runs):
            total += bench.engine()
    phases = {
        phase: {"ms_per_run": round(seconds / runs * 1000), "calls_per_run": round(n / runs, 1)}
        for phase, (seconds, n) in totals.items()
    }
    return {"runs": runs, "total_ms_per_run": round(total / runs * 1000), "phases": phases}


# ---------------------------------------------------------------------------- report


def print_report(results: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 130))
    table = Table("Mesure", "Moteur (médiane)", "Référence (médiane)", "Rapport", "Cible")
    if "a_subprocess" in results:
        a = results["a_subprocess"]
        table.add_row(
            "(a) replay vs script brut (processus)",
            f"{a['engine']['median_s']:.2f} s",
            f"{a['raw']['median_s']:.2f} s",
            f"{a['ratio_of_medians']:.2f} (paires {a['median_pair_ratio']:.2f})",
            f"≤ {TARGETS['ratio_subprocess']}",
        )
    if "g_subprocess_without_step_captures" in results:
        g = results["g_subprocess_without_step_captures"]
        table.add_row(
            "(g) idem sans les captures de chaque page",
            f"{g['engine']['median_s']:.2f} s",
            f"{g['raw']['median_s']:.2f} s",
            f"{g['ratio_of_medians']:.2f} (paires {g['median_pair_ratio']:.2f})",
            "",
        )
    if "b_in_process" in results:
        b = results["b_in_process"]
        table.add_row(
            "(b) FlowRunner vs brut (même navigateur)",
            f"{b['engine']['median_s']:.2f} s",
            f"{b['raw']['median_s']:.2f} s",
            f"{b['ratio_of_medians']:.2f} (paires {b['median_pair_ratio']:.2f})",
            f"≤ {TARGETS['ratio_in_process']}",
        )
        table.add_row(
            "    moteur sans captures / brut avec la garde d'origine",
            f"{b['engine_without_screenshots']['median_s']:.2f} s",
            f"{b['raw_with_origin_guard']['median_s']:.2f} s",
            "",
            "",
        )
    if "c_broken_candidate" in results:
        c = results["c_broken_candidate"]
        table.add_row(
            f"(c) 1 repère cassé en tête ({c['targets_with_a_broken_candidate']} cibles)",
            f"{c['broken']['median_s']:.2f} s",
            f"{c['plain']['median_s']:.2f} s",
            f"{c['extra_per_target_s'] * 1000:+.0f} ms / cible",
            f"< {TARGETS['broken_candidate_s']} s",
        )
    if "f_absent_optional" in results:
        f = results["f_absent_optional"]
        table.add_row(
            f"(f) {f['absent_optional_pages']} pages facultatives absentes",
            f"{f['with_absent_pages']['median_s']:.2f} s",
            f"{f['plain']['median_s']:.2f} s",
            f"{f['extra_per_page_s'] * 1000:+.0f} ms / page",
            f"≤ {TARGETS['absent_optional_page_s'] * 1000:.0f} ms",
        )
    if "d_help" in results:
        d = results["d_help"]
        table.add_row("(d) ens-auto --help", f"{d['median_s']:.2f} s", "", "", "")
    console.print(table)
    if "e_profile" in results:
        e = results["e_profile"]
        prof = Table("Phase du moteur", "ms / exécution", "appels", title="(e) Profil")
        for phase, row in e["phases"].items():
            prof.add_row(phase, str(row["ms_per_run"]), str(row["calls_per_run"]))
        prof.add_row("TOTAL (run)", str(e["total_ms_per_run"]), "")
        console.print(prof)
    env = results["environment"]
    console.print(
        f"{env['cpus']} cœurs, charge au départ {env['load_at_start']}, {env['chromium']}, "
        f"{env['runs']} paires par mesure."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks of ens-auto's flow engine.")
    parser.add_argument("--runs", type=int, default=7, help="paired runs per measure (7)")
    parser.add_argument("--only", default="a,g,b,c,d,f", help="measures to run: a,g,b,c,d,f")
    parser.add_argument("--profile", action="store_true", help="always profile the engine")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))

    from ens_auto.replica.server import ReplicaServer

    results: dict[str, Any] = {
        "environment": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_at_start": [round(x, 2) for x in os.getloadavg()],
            "chromium": chromium_version(),
            "runs": args.runs,
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
        "targets": TARGETS,
    }
    details = person_details()
    work = Path(tempfile.mkdtemp(prefix="ens-bench-"))
    try:
        with ReplicaServer(host="127.0.0.1", port=0) as server:
            if "a" in only:
                print("(a) subprocess: ens-auto replay vs raw script", flush=True)
                results["a_subprocess"] = bench_subprocess(server, args.runs, details, work)
            if "g" in only:
                print("(g) subprocess, without the capture of each page", flush=True)
                results["g_subprocess_without_step_captures"] = bench_subprocess(
                    server, args.runs, details, work, step_captures=False
                )
            if only & {"b", "c", "f"} or args.profile:
                bench = InProcess(server, details, work)
                try:
                    if "b" in only:
                        print("(b) in-process, shared browser", flush=True)
                        results["b_in_process"] = bench_in_process(bench, args.runs)
                    if "c" in only:
                        print("(c) broken first candidate", flush=True)
                        results["c_broken_candidate"] = bench_broken_candidate(bench, args.runs)
                    if "f" in only:
                        print("(f) absent optional pages", flush=True)
                        results["f_absent_optional"] = bench_absent_optional(bench, args.runs)
                    slow = results.get("b_in_process", {}).get("ratio_of_medians", 0) > 1.15
                    if args.profile or slow:
                        print("(e) profile of the engine", flush=True)
                        results["e_profile"] = bench_profile(bench)
                finally:
                    bench.close()
            if "d" in only:
                print("(d) ens-auto --help", flush=True)
                results["d_help"] = bench_help()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["environment"]["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print_report(results)
    print(f"Résultats : {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
