"""Check a file of hand-written training events before it joins the bundled data (00b_synthetic, *Hand-written training events*):
python tools/check_events.py FILE.jsonl. Prints one line per problem (line number, problem, the line's own text) and a summary; it never
prints a text of another data set. Exit status 1 when a line has a problem; the labels are checked by `label_problems` with the name-recurrence convention. Writers follow calextract/data/handwritten_brief.md."""
import json, sys
from pathlib import Path
from calextract.data import BUNDLED, DATA_DIR, DataError, load_split, normalize_record, validate_record
from calextract.synthetic import label_problems, text_key

def main(path: str) -> int:
    others = [name for name, (rel, _) in BUNDLED.items() if (DATA_DIR/rel).resolve() != Path(path).resolve()]   # a bundled file is not checked against itself
    taken = {text_key(r["event_text"]) for name in others for r in load_split(name)}
    seen, n, bad = set(), 0, 0
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            if not line.strip(): continue
            n += 1
            try: rec = validate_record(json.loads(line))
            except (ValueError, DataError) as e:
                print(f"line {i}: invalid record: {e}"); bad += 1; continue
            o, canon = rec["output"], normalize_record(rec["output"])
            probs = [f"not canonical: write {json.dumps(canon, ensure_ascii=False)}"] if canon != o else label_problems(rec, name_recurrence=True)
            k = text_key(rec["event_text"])
            if k in taken: probs.append("repeats a text of a bundled data set: rewrite it")
            if k in seen: probs.append("repeats an earlier line")
            seen.add(k)
            for p in probs: print(f"line {i}: {p}   | {rec['event_text']}")
            bad += bool(probs)
    print(f"{n} events, {bad} with problems")
    return int(bad > 0)

if __name__ == "__main__":
    if len(sys.argv) != 2: sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
