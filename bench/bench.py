"""Speed and memory benchmark for calextract on this machine (not a test: it prints numbers).

    python bench/bench.py [--model runs/default/model] [--out results/bench.json]

Each phase runs in its own subprocess so its peak memory (RSS) is its own:
single-event latency (with and without drafts, same records), batched throughput at batch sizes 1/8/32/64 (`--batch-sizes` for others), the naive reference
(one `model.generate` per event, max_new_tokens=150, as the reference system ran it), and
training throughput of the default config (a few optimizer steps, extrapolated to an epoch)."""
import argparse, json, os, platform, resource, statistics, subprocess, sys, tempfile, time
from pathlib import Path

def events(n):
    from calextract.data import load_split
    evs = list(load_split("test")) + list(load_split("realworld"))
    return [r["event_text"] for r in evs[:n]]

def phase_latency(model, n=8, draft=None):
    import hashlib
    from calextract.prompting import Extractor
    ex = Extractor.from_pretrained(model)
    if draft is not None: ex.settings.draft = draft
    ex.extract("warm up on 2nd, Nov 2026 at 10 AM")
    times, recs = [], []
    for t in events(n):
        t0 = time.perf_counter(); recs.append(ex.extract(t)); times.append(time.perf_counter() - t0)
    q = statistics.quantiles(times, n=10)
    return {"n": n, "draft": ex.settings.draft, "p50_s": round(statistics.median(times), 3), "p90_s": round(q[8], 3),
            "records_sha256": hashlib.sha256(json.dumps(recs, sort_keys=True).encode()).hexdigest()[:16]}

def phase_batch(model, bs, n):
    from calextract.prompting import Extractor
    ex = Extractor.from_pretrained(model)
    texts = events(n)
    ex.extract_many(texts[:2], batch_size=2, progress=False)
    t0 = time.perf_counter(); ex.extract_many(texts, batch_size=bs, progress=False); s = time.perf_counter() - t0
    return {"batch_size": bs, "n": n, "seconds": round(s, 2), "events_per_s": round(n / s, 2)}

def phase_unconstrained(model, bs=32, n=32):
    from calextract.prompting import Extractor
    ex = Extractor.from_pretrained(model)
    texts = events(n)
    ex.extract_many(texts[:2], batch_size=2, constrained=False, progress=False)
    t0 = time.perf_counter(); raws = ex.extract_many(texts, batch_size=bs, constrained=False, progress=False); s = time.perf_counter() - t0
    from calextract.evaluation import parse_output
    return {"batch_size": bs, "n": n, "seconds": round(s, 2), "events_per_s": round(n / s, 2),
            "parsed_rate": round(sum(parse_output(r) is not None for r in raws) / n, 3)}

def phase_naive(model, n=4):
    import torch
    from calextract.prompting import Extractor, chat_prompt
    ex = Extractor.from_pretrained(model)   # for its saved settings: the prompt the model was trained with, so only the decoding differs
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
    from calextract.trainer import _examples
    from calextract.prompting import load_base
    _, tok = load_base(cfg.base_model)
    ex, _ = _examples(cfg, tok, cfg.train_data)
    n_tokens = sum(len(e["input_ids"]) for e in ex)
    return {"steps": steps, "tokens_per_s": tok_s, "train_tokens_per_epoch": n_tokens, "examples_per_epoch": len(ex),
            "est_seconds_per_epoch": round(n_tokens / tok_s, 1), "est_default_run_minutes": round(cfg.epochs * n_tokens / tok_s / 60, 1),
            "wall_s_incl_load": round(total, 1), "train_layers": cfg.train_layers, "precision": "auto"}

def run_phase(args, name, *extra):
    cmd = [sys.executable, __file__, "--phase", name, "--model", args.model, *map(str, extra)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode: print(r.stderr[-3000:], file=sys.stderr); raise SystemExit(f"phase {name} failed")
    return json.loads(r.stdout.strip().splitlines()[-1])

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="runs/default/model")
    ap.add_argument("--out", default="results/bench.json")
    ap.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 8, 32, 64], help="batched throughput at these sizes (128 adds about 2 min)")
    ap.add_argument("--phase"); ap.add_argument("rest", nargs="*")
    args = ap.parse_args()
    if args.phase:  # child: run one phase, print its JSON with peak RSS
        import torch; torch.set_num_threads(os.cpu_count())
        fn = {"latency": lambda: phase_latency(args.model), "latency_no_drafts": lambda: phase_latency(args.model, draft=0), "naive": lambda: phase_naive(args.model), "train": phase_train,
              "unconstrained": lambda: phase_unconstrained(args.model),
              "batch": lambda: phase_batch(args.model, int(args.rest[0]), int(args.rest[1]))}[args.phase]
        res = fn() | {"peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
        print(json.dumps(res)); return
    t0 = time.time()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    res = {"machine": {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version()}, "model": args.model}
    res["latency"] = run_phase(args, "latency"); print("single event:", res["latency"], flush=True)
    res["latency_no_drafts"] = run_phase(args, "latency_no_drafts"); print("single event, no drafts:", res["latency_no_drafts"], flush=True)
    res["batched"] = []
    for bs in args.batch_sizes:
        r = run_phase(args, "batch", bs, {1: 4, 8: 16}.get(bs, max(64, bs))); res["batched"].append(r); print("batched:", r, flush=True)
    res["unconstrained_batched"] = run_phase(args, "unconstrained"); print("unconstrained batched:", res["unconstrained_batched"], flush=True)
    res["naive"] = run_phase(args, "naive"); print("naive reference:", res["naive"], flush=True)
    best = max(r["events_per_s"] for r in res["batched"])
    res["ratios"] = {"best_batched_vs_naive_throughput": round(best / res["naive"]["events_per_s"], 1),
                     "constrained_vs_unconstrained_at_32": round(next(r["events_per_s"] for r in res["batched"] if r["batch_size"] == 32) / res["unconstrained_batched"]["events_per_s"], 2),
                     "naive_latency_vs_ours_p50": round(res["naive"]["latency_s"] / res["latency"]["p50_s"], 1),
                     "no_drafts_vs_drafts_p50": round(res["latency_no_drafts"]["p50_s"] / res["latency"]["p50_s"], 2),
                     "drafts_same_records": res["latency"]["records_sha256"] == res["latency_no_drafts"]["records_sha256"]}
    print("ratios:", res["ratios"], flush=True)
    res["training"] = run_phase(args, "train"); print("training:", res["training"], flush=True)
    res["bench_seconds"] = round(time.time() - t0, 1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(args.out + ".tmp"); tmp.write_text(json.dumps(res, indent=1)); tmp.replace(args.out)
    print(f"wrote {args.out} in {res['bench_seconds']} s")

if __name__ == "__main__":
    main()
