#!/usr/bin/env python3
"""build-aux/callgraph.py OBJ...: the file-level call graph of object
files (who calls a function another defines), from nm; prints every
cycle (a strongly connected component of more than one file) and exits 1
if there is one.  tests/layering.sh runs it on the program's objects."""
import re, subprocess, sys
from collections import defaultdict

def name(o):
    """tui/cli/libcli_a-admin.o -> tui/cli/admin.c"""
    d, _, b = o.rpartition('/')
    b = re.sub(r'^\w+?_a-', '', b)
    b = re.sub(r'^creditdesk-', '', b)
    return (d + '/' if d else '') + b[:-2] + '.c'

defs, uses = {}, defaultdict(set)
objs = sys.argv[1:]
for o in objs:
    out = subprocess.run(['nm', '-P', o], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        sym, t = f[0], f[1]
        if t in 'TDBR':
            defs[sym] = name(o)
        elif t == 'U':
            uses[name(o)].add(sym)
edges = defaultdict(set)
for f, syms in uses.items():
    for s in syms:
        g = defs.get(s)
        if g and g != f:
            edges[f].add(g)
# Tarjan's strongly connected components
index, low, stack, on, sccs, i = {}, {}, [], set(), [], [0]
sys.setrecursionlimit(10000)
def visit(v):
    index[v] = low[v] = i[0]; i[0] += 1; stack.append(v); on.add(v)
    for w in sorted(edges[v]):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        c = []
        while True:
            w = stack.pop(); on.discard(w); c.append(w)
            if w == v: break
        sccs.append(sorted(c))
for v in sorted(set(edges) | {x for s in edges.values() for x in s}):
    if v not in index:
        visit(v)
bad = [c for c in sccs if len(c) > 1]
for c in bad:
    print("cycle: " + " ".join(c))
    for a in c:
        for b in sorted(edges[a] & set(c)):
            why = sorted(s for s in uses[a] if defs.get(s) == b)
            print(f"  {a} -> {b}: {', '.join(why[:6])}")
sys.exit(1 if bad else 0)
