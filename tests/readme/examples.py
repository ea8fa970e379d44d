#!/usr/bin/env python3
"""Runs every `$ aisys-search ...` example in README.md against an index of the
built-in list made with `index --offline` and an empty cache, and fails with a
diff where the binary's output differs from what the README shows.

Examples that need another index (a JSONL file, an unreachable --db), pipes or
`index` runs themselves are skipped by rule below; paths and build times are
normalised to the README's spelling.

usage: examples.py BINARY README WORKDIR
"""
import difflib, os, re, shlex, shutil, subprocess, sys

binary, readme, work = os.path.abspath(sys.argv[1]), sys.argv[2], os.path.abspath(sys.argv[3])
repo = os.path.dirname(os.path.abspath(readme))
shutil.rmtree(work, ignore_errors=True)
env = {k: v for k, v in os.environ.items() if not k.startswith("AISYS_") and k not in ("PAGER", "XDG_CONFIG_HOME")}
env.update(XDG_DATA_HOME=os.path.join(work, "data"), XDG_CACHE_HOME=os.path.join(work, "cache"),
           XDG_CONFIG_HOME=os.path.join(work, "config"), COLUMNS="100", AISYS_DATA_DIR=os.path.join(repo, "index"))
subprocess.run([binary, "index", "--offline", "--quiet"], env=env, check=True, capture_output=True)

# Examples shown on an index the README builds another way (a JSONL file).
other_index = {"aisys-search author:lovelace --no-related"}

def normalise(text):
    text = text.replace(os.path.join(work, "data", "aisys-search", "index"), "/home/you/.local/share/aisys-search/index")
    text = text.replace(repo + "/", "")
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "TIME", text)

blocks, current = [], None
for line in open(readme, encoding="utf-8").read().split("\n"):
    if line.startswith("```"):
        if current is None: current = []
        else: blocks.append(current); current = None
    elif current is not None:
        current.append(line)

checked, failed = 0, 0
for block in blocks:
    starts = [i for i, l in enumerate(block) if l.startswith("$ aisys-search")]
    for n, i in enumerate(starts):
        end = next((j for j in range(i + 1, len(block)) if block[j].startswith("$ ")), len(block))
        command = block[i][2:]
        words = shlex.split(command)
        if "|" in command or words[1:2] == ["index"] or "--db" in words or command in other_index:
            continue
        want = normalise("\n".join(block[i + 1:end]).rstrip("\n"))
        p = subprocess.run([binary] + words[1:], env=env, capture_output=True, text=True)
        got = normalise((p.stdout + p.stderr).rstrip("\n"))
        checked += 1
        if got != want:
            failed += 1
            print(f"README example differs: {command}")
            for l in difflib.unified_diff(want.split("\n"), got.split("\n"), "README", "binary", lineterm="", n=1):
                print("   ", l)
print(f"{checked} README examples run, {failed} differ")
sys.exit(1 if failed or checked == 0 else 0)
