#!/usr/bin/env python3
"""Dijkstra's shortest paths.

Input on stdin, one edge per line: ``src dst weight``.
Usage: python3 shortest_path.py START < edges.txt
"""
import heapq
import sys
from collections import defaultdict


def read_graph(lines):
    graph = defaultdict(list)
    for lineno, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            a, b, w = line.split()
            graph[a].append((b, float(w)))
            graph[b]  # make sure sinks exist
        except ValueError:
            print(f"line {lineno}: expected 'src dst weight'", file=sys.stderr)
    return graph


def dijkstra(graph, start):
    dist = {start: 0.0}
    prev = {}
    heap = [(0.0, start)]
    visited = set()
    while heap:
        d, node = heapq.heappop(heap)
        if node in visited:
            continue
        visited.add(node)
        for nxt, w in graph[node]:
            nd = d + w
            if nd < dist.get(nxt, float("inf")):
                dist[nxt] = nd
                prev[nxt] = node
                heapq.heappush(heap, (nd, nxt))
    return dist, prev


def path_to(prev, target):
    path = [target]
    while path[-1] in prev:
        path.append(prev[path[-1]])
    return list(reversed(path))


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    graph = read_graph(sys.stdin)
    dist, prev = dijkstra(graph, argv[1])
    for node in sorted(dist, key=dist.get):
        print(f"{node:>10} {dist[node]:8.2f}  via {' -> '.join(path_to(prev, node))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
