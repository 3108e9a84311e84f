"""Round-robin CPU scheduling simulation (textbook exercise).

The "processes" here are just records with a name, arrival time and
burst length; nothing is actually started.
"""
from collections import deque
from dataclasses import dataclass


@dataclass
class Proc:
    name: str
    arrival: int
    burst: int
    remaining: int = 0
    finish: int = 0

    def __post_init__(self):
        self.remaining = self.burst


def round_robin(processes, quantum=2):
    processes = sorted(processes, key=lambda p: p.arrival)
    clock, i, queue, timeline = 0, 0, deque(), []
    while i < len(processes) or queue:
        while i < len(processes) and processes[i].arrival <= clock:
            queue.append(processes[i])
            i += 1
        if not queue:
            clock = processes[i].arrival
            continue
        p = queue.popleft()
        run = min(quantum, p.remaining)
        timeline.append((clock, p.name, run))
        clock += run
        p.remaining -= run
        while i < len(processes) and processes[i].arrival <= clock:
            queue.append(processes[i])
            i += 1
        if p.remaining:
            queue.append(p)
        else:
            p.finish = clock
    return timeline


if __name__ == "__main__":
    processes = [Proc("A", 0, 5), Proc("B", 1, 3), Proc("C", 2, 1), Proc("D", 3, 2)]
    for start, name, run in round_robin(processes, quantum=2):
        print(f"t={start:2d}  {name} runs {run}")
    for p in processes:
        turnaround = p.finish - p.arrival
        print(f"{p.name}: turnaround {turnaround}, waiting {turnaround - p.burst}")
