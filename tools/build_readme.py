"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does, without Quarto).

The notebook goes through the same nbdev processors as the docs site (tools/build_docs.py),
so hidden cells stay hidden; markdown cells and saved outputs become GitHub markdown."""
import re, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from build_docs import ROOT, process_notebook, HIDE_INPUT_TAG, _text  # noqa: E402

def to_markdown(nb) -> str:
    parts = []
    for c in nb.cells:
        if c.cell_type == "markdown": parts.append(c.source); continue
        if c.cell_type != "code": continue
        if c.source.strip() and HIDE_INPUT_TAG not in c.get("metadata", {}).get("tags", []):
            parts.append(f"```python\n{c.source}\n```")
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if "text/markdown" in data: parts.append(_text(data["text/markdown"]))
            elif "text/plain" in data: parts.append("```\n" + _text(data["text/plain"]) + "\n```")
            elif o.get("output_type") == "stream": parts.append("```\n" + _text(o.get("text", "")) + "\n```")
    return "\n\n".join(p.strip("\n") for p in parts if p.strip()) + "\n"

if __name__ == "__main__":
    nb, *_ = process_notebook(ROOT/"nbs"/"index.ipynb", "index.html", None, "")
    md = to_markdown(nb)
    # links are written relative to nbs/; README.md sits one folder up
    md = re.sub(r"\]\((?!https?:|/|#|\.\./)([^)\s]+\.ipynb)", r"](nbs/\1", md).replace("](../", "](")
    tmp = ROOT/"README.md.tmp"; tmp.write_text(md, encoding="utf-8"); tmp.replace(ROOT/"README.md")
    print(f"wrote README.md ({len(md)} characters)")
