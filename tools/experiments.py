"""Write results/archive/EXPERIMENTS.md: one table of every run whose results are kept.

It reads results/finetuned/results_*.json (the current model), results/archive/*/results_*.json,
the recipes in configs/*.toml and results/archive/dropped_runs.json (runs whose training options
or code are gone). For each run folder it shows what the recorded training config changes from
today's default, the recipe that reproduces it, the data it was scored on, the commit that made
it and its normalized exact match per split. Standard library only.

    python tools/experiments.py           # write the file
    python tools/experiments.py --check   # exit 1 if the file on disk is not what it would write
"""
import argparse, functools, hashlib, json, sys, tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT/"results"/"archive"
OUT, DROPPED = ARCHIVE/"EXPERIMENTS.md", ARCHIVE/"dropped_runs.json"
SPLITS = ("val", "val-relabelled", "test", "test-adjudicated", "realworld", "realworld2", "realworld3", "realworld4", "relative", "relative2")
BUNDLED = {"train": "splits/train.json", "val": "splits/val.json", "test": "splits/test.json",
           "realworld": "realworld.jsonl", "realworld2": "realworld2.jsonl", "realworld3": "realworld3.jsonl", "realworld4": "realworld4.jsonl", "relative": "relative.jsonl", "relative2": "relative2.jsonl",
           "train-relabelled": "relabelled/train.json", "val-relabelled": "relabelled/val.json", "test-adjudicated": "relabelled/test.json"}   # under calextract/data
FIELD_WEIGHTS = {"action": 1.5, "date": 2.0, "time": 2.0, "attendees": 1.5, "location": 1.5,
                 "duration": 1.5, "recurrence": 3.0, "notes": 3.0}
DEFAULTS = dict(  # TrainConfig's defaults: the main job
    base_model="bundled", train_data=["train-relabelled", "synthetic-300", "handwritten-names", "handwritten2"], val_data="val-relabelled", epochs=1, batch_size=4,
    grad_accum=1, lr=2e-3, warmup_steps=10, min_lr_ratio=0.1, weight_decay=0.0, clip=1.0,
    loss="weighted", field_weights=FIELD_WEIGHTS, train_layers=15, adapter_rank=16, seed=0, precision="auto",
    max_steps=0, limit_train=0, limit_val=0, eval_generation=True, early_stopping=0,
    checkpoint_every=50, max_input_tokens=256, eval_batch_size=128, prompt="bare",
    surface_forms=True, swap_entities=0.0, average_last=0.0, list_marks=False,
    test_splits=["test", "realworld"])
# Retired options: kept in DEFAULTS at their neutral values so that files recording them compare
# equal, and not reported as "not recorded" when a file lacks them (newer code no longer has them).
RETIRED = {"surface_forms", "swap_entities", "average_last", "list_marks"}
# Options added later: a file written before one existed ran without it, at the value below (not "not recorded").
INTRODUCED = {"adapter_rank": 0}
EVAL_DEFAULTS = {"few_shot": 0, "constrained": True, "prompt": "bare", "span": False}   # how `calextract evaluate` runs by default

def config_diff(cfg: dict, recorded: bool = False) -> dict:
    "The keys of a training config that differ from the default (output_dir never counts; a missing key is not a difference, except in a `recorded` config, the whole config a run saved, where an option added later takes its INTRODUCED value)."
    if recorded: cfg = {**{k: v for k, v in INTRODUCED.items() if k not in cfg}, **cfg}
    return {k: v for k, v in cfg.items() if k != "output_dir" and (k not in DEFAULTS or v != DEFAULTS[k])}

def summarize(path) -> dict:
    "One results file as a record: split, scores, data hash, config differences, commit; an evaluation-only file takes the training config of its folder's `train_config.json` (the model's, copied when it was scored later)."
    d = json.loads(Path(path).read_text(encoding="utf-8"))
    cfg, m = d.get("config", {}), d["metrics"]
    if "train_config" not in cfg and (tcf := Path(path).parent/"train_config.json").is_file():
        cfg = {**cfg, "train_config": json.loads(tcf.read_text(encoding="utf-8"))}
    rec = {"file": Path(path).name, "split": cfg.get("split", Path(path).stem.removeprefix("results_")),
           "n": m["n"], "normalized_exact": m["normalized_exact"], "strict_exact": m["strict_exact"],
           "field_average": m["field_average"], "data_sha256": d.get("data_sha256"),
           "model_id": d.get("model_id"), "created_utc": d.get("created_utc")}
    got = {"few_shot": cfg.get("few_shot", 0), "constrained": cfg.get("constrained", True),
           "prompt": cfg.get("generation", {}).get("prompt", "bare"), "span": cfg.get("generation", {}).get("span", False)}
    rec["eval_diff"] = {k: v for k, v in got.items() if v != EVAL_DEFAULTS[k]}   # what it changes at evaluation time
    if (tc := cfg.get("train_config")) is not None:
        rec["config_diff"], rec["not_recorded"] = config_diff(tc, recorded=True), [k for k in DEFAULTS if k not in tc and k not in INTRODUCED]
    else: rec["config_diff"] = None   # an evaluation-only file
    if "commit" in d: rec["commit"] = d["commit"]
    return rec

def fmt(diff: dict) -> str:
    return ", ".join(f"{k}={v if isinstance(v, str) else json.dumps(v)}" for k, v in diff.items()) or "default"

def differs(recs: list) -> str:
    "What a run changes from the default, from whichever of its files recorded a training config."
    trained = [r for r in recs if r.get("config_diff") is not None]
    if trained:
        text = " / ".join(dict.fromkeys(fmt(r["config_diff"]) for r in trained))  # several only if its files disagree
        if missing := list(dict.fromkeys(k for r in trained for k in r.get("not_recorded", []) if k not in RETIRED)):
            text += f" (not recorded: {', '.join(missing)})"
        if ev := {k: v for r in trained for k, v in r.get("eval_diff", {}).items()}: text += f"; evaluated with {fmt(ev)}"
        return text
    if not recs: return "–"
    ev = {k: v for r in recs for k, v in r.get("eval_diff", {}).items()}
    if all(r.get("model_id") == "bundled" for r in recs):
        return "base model, not fine-tuned" + (f"; {fmt(ev)}" if ev else "")
    return "training config not recorded" + (f"; evaluated with {fmt(ev)}" if ev else "")

def recipe(recs: list, recipes: dict) -> str:
    diffs = {json.dumps(r["config_diff"], sort_keys=True) for r in recs if r.get("config_diff") is not None}
    if len(diffs) != 1: return "–"
    hits = [f"`configs/{name}`" for name, d in recipes.items() if json.dumps(d, sort_keys=True) in diffs]
    return ", ".join(hits) or "–"

@functools.cache
def sha256(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None

def data(recs: list) -> str:
    odd = [f"{r['split']} `{(r['data_sha256'] or '?')[:12]}`" for r in recs
           if r["split"] not in BUNDLED or r["data_sha256"] != sha256(ROOT/"calextract"/"data"/BUNDLED[r["split"]])]
    return "; ".join(odd) + " (not the bundled file)" if odd else "bundled files"

def by_commit(pairs: list) -> str:
    "(commit, split) pairs as `abc1234`, or `abc1234, def5678 (val)` when some splits were made at another commit."
    by = Counter(c for c, _ in pairs)
    main = by.most_common(1)[0][0]
    return ", ".join(c if c == main else f"{c} ({', '.join(s for d, s in pairs if d == c)})" for c in by)

def commits(recs: list) -> str:
    "The commit that made the run and, for results copied from another folder, where they were first committed."
    if not recs: return "–"
    text = by_commit([(r.get("commit", "?"), r["split"]) for r in recs])
    if firsts := [(r["first_committed"]["commit"], r["split"]) for r in recs if r.get("first_committed")]:
        where = ", ".join(dict.fromkeys(f"{Path(r['first_committed']['path']).parent}/" for r in recs if r.get("first_committed")))
        text += f" (results first committed in {by_commit(firsts)} as {where})"
    return text

def score(recs: list, split: str) -> str:
    r = next((r for r in recs if r["split"] == split), None)
    return f"{round(r['normalized_exact'] * r['n'])}/{r['n']} ({100 * r['normalized_exact']:.1f}%)" if r else "–"

def row(name: str, recs: list, *cells: str, what: str = "") -> str:
    return "| " + " | ".join([name, what or differs(recs), *cells, data(recs) if recs else "–", commits(recs)] + [score(recs, s) for s in SPLITS]) + " |"

def header(*cols: str) -> list:
    cols = ("run", "differs from the default config", *cols, "data sha256", "commit", *SPLITS)
    return ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]

def made(run: str) -> str:
    "What a run folder holds when its model was not trained from a config (its `made.txt`, one line: e.g. an average of two models' weights); else empty."
    p = ARCHIVE/run/"made.txt"
    return p.read_text(encoding="utf-8").strip() if p.is_file() else ""

def render() -> str:
    "The whole of EXPERIMENTS.md."
    recipes = {p.name: config_diff(tomllib.loads(p.read_text(encoding="utf-8"))) for p in sorted((ROOT/"configs").glob("*.toml"))}
    first = lambda run: min((r.get("created_utc") or "" for r in run[1]), default="")
    current = [summarize(p) for p in sorted((ROOT/"results"/"finetuned").glob("results_*.json"))]
    archived = sorted(((d.name, [summarize(p) for p in sorted(d.glob("results_*.json"))]) for d in ARCHIVE.iterdir() if d.is_dir()), key=first)
    dropped = json.loads(DROPPED.read_text(encoding="utf-8")) if DROPPED.is_file() else {"runs": []}
    gone = sorted(((r["run"], r["files"], r.get("note", "")) for r in dropped["runs"]), key=first)
    return "\n".join([
        "# Experiments", "",
        "Generated by `python tools/experiments.py`; do not edit by hand.", "",
        "One row per run folder: `results/finetuned/` (the current model) and each `results/archive/<run>/`, oldest first. "
        "The config difference is read from the training config recorded in the run's results files (or, for runs scored after training, "
        "the model's own config in the folder's `train_config.json`); a key that an older "
        "file lacks is *not recorded*, not a difference, except `adapter_rank`, added later: a file without it trained without adapters (0). A recipe in `configs/` reruns the run (its header has the commands). "
        "Scores: normalized exact match, events right / events.", "",
        *header("recipe"),
        row("finetuned (current model)", current, recipe(current, recipes)),
        *(row(name, recs, recipe(recs, recipes), what=made(name)) for name, recs in archived), "",
        "## Runs whose code is gone", "",
        "Their training options or their code version no longer exist, so they cannot be rerun with today's code. "
        f"Their files are in git history at commit {dropped.get('in_history_at', '0470c78')} under `results/<run>/`; "
        "this table is generated from `results/archive/dropped_runs.json`.", "",
        *header(),
        *(row(name, recs, what=note) for name, recs, note in gone), ""])

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the file on disk differs from what would be written")
    text = render()
    if ap.parse_args().check:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != text:
            sys.exit(f"{OUT.relative_to(ROOT)} is out of date: run python tools/experiments.py")
        return
    tmp = OUT.with_name(OUT.name + ".tmp")   # write, then rename: a reader never sees half a file
    tmp.write_text(text, encoding="utf-8"); tmp.replace(OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(text)} characters)")

if __name__ == "__main__": main()
