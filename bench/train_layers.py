"""Training speed by the number of trained upper blocks, in fp32 (the AVX2 machine's precision), on this machine (not a test: it prints numbers).

    python bench/train_layers.py [--layers 15 9 6] [--adapters 16] [--steps 24] [--rounds 2] [--out results/bench_train_layers.json]

The same batches of the reference training split (the trainer's `epoch_batches`, batch 4) run through `answer_loss`, backward and an
AdamW step for each `train_layers` value, in alternating rounds (so a drift of the machine's speed spreads over all of them); the first
two steps of each run are not timed. `--adapters R` adds a run of the upper 15 blocks trained through rank-R low-rank adapters (the
trainer's `adapter_rank`), labelled `15+rR`. Prints tokens/s per value, the speed ratio against 15 blocks (the main job's), and for the training
mixes of 03_trainer (read from their configs) their tokens and the estimated training time against the main job's (tokens ratio / speed ratio)."""
import argparse, json, os, statistics, sys, time
from pathlib import Path

MIXES = {"main job": "configs/default.toml", "beside": "configs/hw640_beside.toml", "half": "configs/hw640_half.toml", "instead": "configs/hw640_instead.toml",
         "adapters": "configs/hw640_lora.toml"}   # the recipes of 03_trainer

def label(n_layers: int, rank: int = 0) -> str: return f"{n_layers}+r{rank}" if rank else str(n_layers)

def tokens_per_s(n_layers: int, ex: list, batches: list, precision: str, rank: int = 0) -> float:
    import torch
    from calextract.basemodel import load_base
    from calextract.trainer import freeze_layers, add_adapters, Collator
    from calextract.loss import answer_loss
    torch.manual_seed(0)
    model, tok = load_base("bundled")
    freeze_layers(model, n_layers)
    if rank: model = add_adapters(model, n_layers, rank)
    col = Collator(tok.pad_token_id)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-5)
    model.train(); seconds, tokens = 0.0, 0
    for i, b in enumerate(batches):
        batch = col([ex[j] for j in b]); t = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
            loss = answer_loss(model, batch)
        loss.backward(); opt.step(); opt.zero_grad()
        if i >= 2: seconds += time.perf_counter() - t; tokens += int(batch["attention_mask"].sum())
    return tokens / seconds

def reference_batches(steps: int):
    "The tokenizer, the reference training split's examples and its first `steps` batches of 4 in the trainer's order (seed 0): the batches these benchmarks time."
    from calextract.config import TrainConfig
    from calextract.basemodel import load_base
    from calextract.trainer import training_examples, epoch_batches
    _, tok = load_base("bundled")
    ex, _ = training_examples(TrainConfig(), tok, ["train-relabelled"])
    return tok, ex, epoch_batches([len(e["input_ids"]) for e in ex], 4, 0)[:steps]

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--layers", type=int, nargs="+", default=[15, 9, 6])
    ap.add_argument("--adapters", type=int, default=0, help="also the upper 15 blocks through adapters of this rank (0: no)")
    ap.add_argument("--steps", type=int, default=24, help="optimizer steps per run (the first 2 untimed)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--precision", default="no", choices=["no", "bf16"], help='"no": fp32, as on the AVX2 machine')
    ap.add_argument("--out", default="results/bench_train_layers.json")
    args = ap.parse_args()
    import torch; torch.set_num_threads(os.cpu_count())
    from calextract.config import TrainConfig
    from calextract.trainer import training_examples
    from calextract.evaluation import code_version
    from calextract.io import write_atomic
    tok, ex, batches = reference_batches(args.steps)
    variants = [(n, 0) for n in args.layers] + ([(15, args.adapters)] if args.adapters else [])
    runs = {label(*v): [] for v in variants}
    for r in range(args.rounds):
        for v in variants:
            runs[label(*v)].append(round(tokens_per_s(v[0], ex, batches, args.precision, v[1]), 1))
            print(f"round {r + 1}: upper {v[0]} blocks{f', adapters of rank {v[1]}' if v[1] else ''}, {runs[label(*v)][-1]} tokens/s", flush=True)
    speed = {n: statistics.mean(v) for n, v in runs.items()}
    base = speed.get("15") or speed[label(max(args.layers))]
    mixes = {}
    for name, path in MIXES.items():
        cfg = TrainConfig.from_file(Path(__file__).parent.parent/path)
        if label(cfg.train_layers, cfg.adapter_rank) not in speed: continue
        ex_m, _ = training_examples(cfg, tok, cfg.train_data)
        mixes[name] = {"config": path, "train_data": cfg.train_data, "train_layers": cfg.train_layers, "adapter_rank": cfg.adapter_rank, "examples": len(ex_m), "tokens": sum(len(e["input_ids"]) for e in ex_m)}
    main_tokens = mixes["main job"]["tokens"] if "main job" in mixes else None
    for m in mixes.values():
        m["tokens_vs_main_job"] = round(m["tokens"] / main_tokens, 3) if main_tokens else None
        m["speed_vs_15_blocks"] = round(speed[label(m["train_layers"], m["adapter_rank"])] / base, 3)
        m["training_time_vs_main_job"] = round(m["tokens_vs_main_job"] / m["speed_vs_15_blocks"], 3) if main_tokens else None
    res = {"precision": "fp32" if args.precision == "no" else "bf16", "cores": os.cpu_count(), "commit": code_version(), "steps_timed_per_run": len(batches) - 2,
           "tokens_per_s": runs, "mean_tokens_per_s": {n: round(v, 1) for n, v in speed.items()},
           "speed_vs_15_blocks": {n: round(v / base, 3) for n, v in speed.items()}, "mixes": mixes}
    for name, m in mixes.items():
        print(f"{name}: {m['examples']} examples, {m['tokens']} tokens ({m['tokens_vs_main_job']}x), upper {label(m['train_layers'], m['adapter_rank'])} blocks at {m['speed_vs_15_blocks']}x the speed: training time {m['training_time_vs_main_job']}x the main job's")
    write_atomic(args.out, json.dumps(res, indent=1) + "\n")

if __name__ == "__main__": main()
