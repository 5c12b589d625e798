"""Write the relabelled training and validation splits, the adjudicated test copy and the list of changes (00_data, *Label conventions*):
calextract/data/relabelled/{train,val,test}.json and changes.jsonl. Run from the repository root: python tools/relabel.py"""
import json
from calextract.data import DATA_DIR, load_split, relabel_events
from calextract.io import write_atomic

out, changes = DATA_DIR/"relabelled", []
out.mkdir(exist_ok=True)
for split in ("train", "val", "test"):
    recs, ch = relabel_events(load_split(split))
    write_atomic(out/f"{split}.json", json.dumps(recs, ensure_ascii=False, indent=2) + "\n")
    changes += [{"split": split, **c} for c in ch]
write_atomic(out/"changes.jsonl", "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in changes))
for split in ("train", "val", "test"): print(split, sum(c["split"] == split for c in changes), "labels changed")
