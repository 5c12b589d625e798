"""Speed and memory benchmark for calextract on this machine (not a test: it prints numbers).

    python bench/bench.py [--model runs/default/model] [--out results/bench.json]

Every extraction measurement runs for both precisions, fp32 and int8 weights (`Extractor.from_pretrained(int8=...)`, 01d_quantize), so the
results do not depend on which one is the default. Each phase runs in its own subprocess so its peak memory (RSS) is its own:
cold start (the `calextract extract` command, process start to printed record), single-event latency (with and without drafts, same records;
forward passes per event), batched throughput at batch sizes 1/8/32/64 (`--batch-sizes` for others), the records int8 changes against fp32
on the validation, test and both real-world splits, the unconstrained and naive references (one `model.generate` per event,
max_new_tokens=150, as the reference system ran it), and training throughput of the default config (a few optimizer steps, extrapolated to an epoch)."""
import argparse, json, os, platform, resource, statistics, subprocess, sys, tempfile, time
from pathlib import Path

COLD_TEXT, COLD_REFERENCE = "Meeting with John at 2pm", "2026-12-03"
SPLITS = ("val", "test", "realworld", "realworld2")

def events(n):
    from calextract.data import load_split
    evs = list(load_split("test")) + list(load_split("realworld"))
    return [r["event_text"] for r in evs[:n]]

def load(model, int8, runtime=None):
    "The `Extractor` as the command line loads it (`runtime=False`: transformers' model, which `generate` needs)."
    from calextract.extractor import Extractor
    return Extractor.from_pretrained(model, int8=int8, runtime=runtime)

def count_passes(ex):
    "A list whose length is the number of forward passes of `ex.model` since it was made (or cleared)."
    calls = []
    ex.model.register_forward_hook(lambda *a: calls.append(1))
    return calls

def phase_latency(model, int8, n=16, draft=None):
    import hashlib
    ex = load(model, int8)
    if draft is not None: ex.settings.draft = draft
    ex.extract("warm up on 2nd, Nov 2026 at 10 AM")
    calls = count_passes(ex)
    times, recs = [], []
    for t in events(n):
        t0 = time.perf_counter(); recs.append(ex.extract(t, reference=None)); times.append(time.perf_counter() - t0)
    q = statistics.quantiles(times, n=10)
    return {"n": n, "int8": int8, "draft": ex.settings.draft, "p50_s": round(statistics.median(times), 3), "p90_s": round(q[8], 3),
            "passes_per_event": round(len(calls) / n, 1), "records_sha256": hashlib.sha256(json.dumps(recs, sort_keys=True).encode()).hexdigest()[:16]}

def phase_batch(model, int8, bs, n):
    ex = load(model, int8)
    texts = events(n)
    ex.extract_many(texts[:2], batch_size=2, progress=False)
    t0 = time.perf_counter(); ex.extract_many(texts, batch_size=bs, progress=False, references=None); s = time.perf_counter() - t0
    return {"batch_size": bs, "n": n, "int8": int8, "seconds": round(s, 2), "events_per_s": round(n / s, 2)}

def phase_records(model, int8):
    "Every event of the four evaluation splits, as `calextract evaluate` runs them (the model's batch size, each event's own reference date)."
    from calextract.data import load_split, reference_of
    from calextract.evaluation import score
    ex = load(model, int8)
    out = {}
    for split in SPLITS:
        evs = load_split(split)
        t0 = time.perf_counter()
        recs = ex.extract_many([r["event_text"] for r in evs], progress=False, references=[reference_of(r) for r in evs])
        s = time.perf_counter() - t0
        m = score([r["output"] for r in evs], [json.dumps(r, ensure_ascii=False) for r in recs])
        out[split] = {"n": len(evs), "seconds": round(s, 1), "events_per_s": round(len(evs) / s, 2), "batch_size": ex.settings.batch_size,
                      "events_right": round(m["normalized_exact"] * len(evs)), "texts": [r["event_text"] for r in evs], "records": recs}
    return {"int8": int8, "splits": out}

def phase_unconstrained(model, bs=32, n=32):
    ex = load(model, False, runtime=False)
    texts = events(n)
    ex.extract_many(texts[:2], batch_size=2, constrained=False, progress=False)
    t0 = time.perf_counter(); raws = ex.extract_many(texts, batch_size=bs, constrained=False, progress=False); s = time.perf_counter() - t0
    from calextract.evaluation import parse_output
    return {"batch_size": bs, "n": n, "seconds": round(s, 2), "events_per_s": round(n / s, 2),
            "parsed_rate": round(sum(parse_output(r) is not None for r in raws) / n, 3)}

def phase_naive(model, n=4):
    import torch
    from calextract.prompt import chat_prompt
    ex = load(model, False, runtime=False)   # fp32, as the reference system ran; loaded for its saved settings: the prompt the model was trained with
    m, tok, prompt = ex.model, ex.tok, ex.settings.prompt
    texts = events(n)
    t0 = time.perf_counter()
    with torch.inference_mode():
        for t in texts:
            enc = tok(chat_prompt(tok, t, prompt=prompt), return_tensors="pt", add_special_tokens=False)
            m.generate(**enc, max_new_tokens=150, do_sample=False, pad_token_id=tok.pad_token_id)
    s = time.perf_counter() - t0
    return {"n": n, "seconds": round(s, 2), "events_per_s": round(n / s, 3), "latency_s": round(s / n, 2)}

def phase_train(steps=4):
    from calextract.trainer import TrainConfig, train
    out = Path(tempfile.mkdtemp())/"run"
    cfg = TrainConfig(output_dir=str(out), max_steps=steps, eval_generation=False, limit_val=8, checkpoint_every=10**6)
    t0 = time.perf_counter(); train(cfg, progress=False); total = time.perf_counter() - t0
    log = [json.loads(l) for l in open(out/"train_log.jsonl") if '"loss"' in l and "val_loss" not in l]
    first, last = log[0], log[-1]   # the first step is slow (allocation, warm-up): time the steps after it
    tok_s = round((last["tokens_per_s"] * last["elapsed_s"] - first["tokens_per_s"] * first["elapsed_s"]) / (last["elapsed_s"] - first["elapsed_s"]), 1)
    from calextract.trainer import training_examples
    from calextract.basemodel import load_base
    _, tok = load_base(cfg.base_model)
    ex, _ = training_examples(cfg, tok, cfg.train_data)
    n_tokens = sum(len(e["input_ids"]) for e in ex)
    return {"steps": steps, "tokens_per_s": tok_s, "train_tokens_per_epoch": n_tokens, "examples_per_epoch": len(ex),
            "est_seconds_per_epoch": round(n_tokens / tok_s, 1), "est_default_run_minutes": round(cfg.epochs * n_tokens / tok_s / 60, 1),
            "wall_s_incl_load": round(total, 1), "train_layers": cfg.train_layers, "precision": "auto"}

def phase_kernels(model, rows=(1, 2, 4, 8, 12, 17, 64), reps=3):
    "Milliseconds for the linear layers of one forward pass (every weight matrix of the model once, output layer included) at `rows` input rows, per weight format."
    import torch, torch.nn.functional as F
    from calextract.basemodel import load_base
    from calextract.quantize import Int8Linear
    m, _ = load_base(model)
    lins = [x for x in m.modules() if isinstance(x, torch.nn.Linear)]
    qs = [Int8Linear.from_linear(x) for x in lins]
    mm = torch.ops.aten._weight_int8pack_mm
    formats = {"fp32": lambda xs: [F.linear(xs[l.in_features], l.weight) for l in lins],
               "int8, fp32 activations": lambda xs: [mm(xs[q.in_features], q.weight, q.scales.float()) for q in qs],
               "int8, bf16 activations": lambda xs: [mm(xs[q.in_features].bfloat16(), q.weight, q.scales) for q in qs],
               "bf16": lambda xs: [F.linear(xs[q.in_features].bfloat16(), q.dense) for q in qs]}
    out = {}
    with torch.inference_mode():
        for name, f in formats.items():
            out[name] = {}
            for r in rows:
                if name == "int8, fp32 activations" and r > 17: continue   # seconds per pass: not worth the wait
                xs = {k: torch.randn(r, k) for k in {l.in_features for l in lins}}
                f(xs); t0 = time.perf_counter()
                for _ in range(reps): f(xs)
                out[name][r] = round((time.perf_counter() - t0) / reps * 1000, 1)
    return {"matrices": len(lins), "parameters_m": round(sum(l.weight.numel() for l in lins) / 1e6, 1), "ms_per_pass": out}

# the library path of `calextract extract`, with the time of each stage (the process's own start is the wall time around it)
STAGES = """import time; t0 = time.perf_counter()
import json, sys
import calextract.extractor as E, calextract.runtime as R
stages = {"imports_s": time.perf_counter() - t0}
def timer(name, f):
    def run(*a, **k):
        t = time.perf_counter(); r = f(*a, **k); stages[name] = time.perf_counter() - t; return r
    return run
R.load_inference, E.quantize_int8, E.token_classes = timer("load_model_and_tokenizer_s", R.load_inference), timer("quantize_s", E.quantize_int8), timer("token_classes_s", E.token_classes)
t = time.perf_counter(); ex = E.Extractor.from_pretrained(sys.argv[1], int8=sys.argv[2] == "int8"); stages["from_pretrained_s"] = time.perf_counter() - t
t = time.perf_counter(); rec = ex.extract(sys.argv[3], reference=sys.argv[4]); stages["extract_s"] = time.perf_counter() - t
print(json.dumps(rec, ensure_ascii=False))
print(json.dumps({k: round(v, 2) for k, v in stages.items()}))"""

def timed(cmd):
    "Wall seconds and stdout of one process."
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    s = time.perf_counter() - t0
    if r.returncode: print(r.stderr[-3000:], file=sys.stderr); raise SystemExit(f"{' '.join(cmd[:3])} failed")
    return s, r.stdout

def model_folder_with(model, int8):
    "A folder that is `model` with its saved settings saying `int8`: the command line then loads that precision (the weights are links)."
    d = Path(tempfile.mkdtemp())/"model"; d.mkdir()
    for f in Path(model).resolve().iterdir():
        if f.name != "calextract.json": (d/f.name).symlink_to(f)
    saved = json.loads((Path(model)/"calextract.json").read_text())
    saved["generation"]["int8"] = int8
    (d/"calextract.json").write_text(json.dumps(saved))
    return str(d)

def phase_cold(model, int8, runs=3):
    "`calextract extract TEXT --model M` from process start to its printed record: one untimed run (file cache), then the median of `runs`."
    cli = str(Path(sys.executable).parent/"calextract")
    folder = model_folder_with(model, int8)
    ref = ["--reference-date", COLD_REFERENCE] if "--reference-date" in subprocess.run([cli, "extract", "--help"], capture_output=True, text=True).stdout else []
    cmd = [cli, "extract", COLD_TEXT, "--model", folder, *ref]
    timed(cmd)
    walls = [timed(cmd)[0] for _ in range(runs)]
    _, out = timed([sys.executable, "-c", STAGES, folder, "int8" if int8 else "fp32", COLD_TEXT, COLD_REFERENCE])
    return {"int8": int8, "command": " ".join(["calextract", "extract", repr(COLD_TEXT), "--model", "MODEL", *ref]), "runs_s": [round(w, 2) for w in walls],
            "median_s": round(statistics.median(walls), 2), "record": json.loads(out.splitlines()[0]), "stages": json.loads(out.splitlines()[-1])}

def run_phase(args, name, *extra):
    cmd = [sys.executable, __file__, "--phase", name, "--model", args.model, *map(str, extra)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode: print(r.stderr[-3000:], file=sys.stderr); raise SystemExit(f"phase {name} failed")
    return json.loads(r.stdout.strip().splitlines()[-1])

def compare_records(fp32, int8):
    "Per split: the records int8 changes against fp32, per field, and the events each gets right."
    from calextract.data import FIELDS
    out = {}
    for split, a in fp32["splits"].items():
        b = int8["splits"][split]
        changed = [(t, ra, rb) for t, ra, rb in zip(a["texts"], a["records"], b["records"]) if ra != rb]
        out[split] = {"n": a["n"], "records_changed": len(changed),
                      "fields_changed": {f: sum(ra[f] != rb[f] for _, ra, rb in changed) for f in FIELDS},
                      "events_right_fp32": a["events_right"], "events_right_int8": b["events_right"],
                      "events_per_s_fp32": a["events_per_s"], "events_per_s_int8": b["events_per_s"], "batch_size": a["batch_size"],
                      "changes": [{"event_text": t, "field": f, "fp32": ra[f], "int8": rb[f]} for t, ra, rb in changed for f in FIELDS if ra[f] != rb[f]]}
    return out

def isa():
    flags = set(next((l.split(":", 1)[1].split() for l in open("/proc/cpuinfo") if l.startswith("flags")), []))
    if {"amx_bf16", "avx512_bf16"} <= flags: return "AVX-512 BF16 and AMX"
    if "avx512_bf16" in flags: return "AVX-512 BF16"
    if "avx512f" in flags: return "AVX-512"
    return "AVX2" if "avx2" in flags else "neither AVX2 nor AVX-512"

def ratios(res):
    "Ratios between phases of one run."
    best = max(r["events_per_s"] for r in res["batched"])
    best8 = max(r["events_per_s"] for r in res["int8"]["batched"])
    L, L8 = res["latency"], res["int8"]["latency"]
    return {"best_batched_vs_naive_throughput": round(best / res["naive"]["events_per_s"], 1),
            "constrained_vs_unconstrained_at_32": round(next(r["events_per_s"] for r in res["batched"] if r["batch_size"] == 32) / res["unconstrained_batched"]["events_per_s"], 2),
            "naive_latency_vs_ours_p50": round(res["naive"]["latency_s"] / L["p50_s"], 1),
            "no_drafts_vs_drafts_p50": round(res["latency_no_drafts"]["p50_s"] / L["p50_s"], 2),
            "drafts_same_records": L["records_sha256"] == res["latency_no_drafts"]["records_sha256"],
            "int8_drafts_same_records": L8["records_sha256"] == res["int8"]["latency_no_drafts"]["records_sha256"],
            "int8_vs_fp32_p50": round(L["p50_s"] / L8["p50_s"], 2), "int8_vs_fp32_best_batched": round(best8 / best, 2)}

PHASES = ("kernels", "cold", "latency", "batch", "records", "unconstrained", "naive", "train")

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="runs/default/model")
    ap.add_argument("--out", default="results/bench.json")
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 8, 32, 64], help="batched throughput at these sizes (128 adds about 2 min)")
    ap.add_argument("--phases", nargs="+", default=list(PHASES), choices=PHASES, help="run only these (all by default)")
    ap.add_argument("--update", action="store_true", help="merge the phases run into the existing --out file (to redo a phase that another process disturbed)")
    ap.add_argument("--phase"); ap.add_argument("rest", nargs="*")
    args = ap.parse_args()
    if args.phase:  # child: run one phase, print its JSON with peak RSS
        import torch; torch.set_num_threads(os.cpu_count())
        prec = {"int8": True, "fp32": False}.get(args.rest[0] if args.rest else "", None)
        fn = {"latency": lambda: phase_latency(args.model, prec), "latency_no_drafts": lambda: phase_latency(args.model, prec, draft=0),
              "naive": lambda: phase_naive(args.model), "train": phase_train, "unconstrained": lambda: phase_unconstrained(args.model),
              "records": lambda: phase_records(args.model, prec), "kernels": lambda: phase_kernels(args.model), "cold": lambda: phase_cold(args.model, prec),
              "batch": lambda: phase_batch(args.model, prec, int(args.rest[1]), int(args.rest[2]))}[args.phase]
        who = resource.RUSAGE_CHILDREN if args.phase == "cold" else resource.RUSAGE_SELF   # cold start: the largest of its commands
        res = fn() | {"peak_rss_mb": round(resource.getrusage(who).ru_maxrss / 1024)}
        print(json.dumps(res, ensure_ascii=False)); return
    t0 = time.time()
    from calextract.evaluation import code_version
    from calextract.quantize import fast_bf16
    import torch
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    res = {"machine": {"cpu": cpu, "isa": isa(), "cores": os.cpu_count(), "python": platform.python_version(), "torch": torch.__version__},
           "model": args.model, "commit": code_version(), "default_int8": fast_bf16()}   # what `Extractor.from_pretrained` picks for a model whose settings leave it open
    def both(name, *extra):
        r = {p: run_phase(args, name, p, *extra) for p in ("fp32", "int8")}
        for p, v in r.items(): print(f"{name} {p} {' '.join(map(str, extra))}:", {k: v for k, v in v.items() if k not in ("splits", "record")}, flush=True)
        return r
    # fp32 under the old keys (the earlier benchmarks' format, read by 01c_extractor); int8 under "int8"
    if args.update:   # keep the earlier phases, record which ones were redone (this run's, and an earlier update's of the same code)
        prev = json.loads(Path(args.out).read_text())
        redone = set(args.phases) | (set(prev.get("redone", [])) if prev.get("redone_commit") == res["commit"] else set())
        res = prev | {k: v for k, v in res.items() if k not in ("model", "commit")} | {"redone": sorted(redone), "redone_commit": res["commit"]}
        if res["model"] != args.model: raise SystemExit(f"{args.out} holds results of {res['model']}, not {args.model}")
    res.setdefault("int8", {})
    if "kernels" in args.phases:
        res["kernels"] = run_phase(args, "kernels"); print("kernels:", res["kernels"], flush=True)
    if "cold" in args.phases:
        c = both("cold"); res["cold_start"] = c
    if "latency" in args.phases:
        for key in ("latency", "latency_no_drafts"):
            r = both(key); res[key], res["int8"][key] = r["fp32"], r["int8"]
    if "batch" in args.phases:
        res["batched"], res["int8"]["batched"] = [], []
        for bs in args.batch_sizes:
            r = both("batch", bs, {1: 4, 8: 16}.get(bs, max(64, bs))); res["batched"].append(r["fp32"]); res["int8"]["batched"].append(r["int8"])
    if "records" in args.phases:
        r = both("records")
        res["int8_vs_fp32"] = compare_records(r["fp32"], r["int8"])
        res["records_peak_rss_mb"] = {p: v["peak_rss_mb"] for p, v in r.items()}
        print("records changed by int8:", {s: (v["records_changed"], v["n"]) for s, v in res["int8_vs_fp32"].items()}, flush=True)
    if "unconstrained" in args.phases:
        res["unconstrained_batched"] = run_phase(args, "unconstrained"); print("unconstrained batched (fp32):", res["unconstrained_batched"], flush=True)
    if "naive" in args.phases:
        res["naive"] = run_phase(args, "naive"); print("naive reference (fp32):", res["naive"], flush=True)
    if {"latency", "batch", "unconstrained", "naive"} <= set(args.phases):
        res["ratios"] = ratios(res); print("ratios:", res["ratios"], flush=True)
    if "train" in args.phases:
        res["training"] = run_phase(args, "train"); print("training:", res["training"], flush=True)
    res["bench_seconds" if not args.update else "redone_seconds"] = round(time.time() - t0, 1)
    from calextract.io import write_atomic
    write_atomic(args.out, json.dumps(res, indent=1, ensure_ascii=False))
    print(f"wrote {args.out} in {round(time.time() - t0, 1)} s")

if __name__ == "__main__":
    main()
