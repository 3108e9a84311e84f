# threading and multiprocessing (a Pool, a Process with a Queue)
import multiprocessing as mp
import os
import threading


def work(n):
    return sum(range(n))


def child(q, parent):
    q.put((os.getpid() != parent, work(500)))


if __name__ == "__main__":
    res = [0] * 4

    def t(i):
        res[i] = work(10000 * (i + 1))

    ths = [threading.Thread(target=t, args=(i,)) for i in range(4)]
    for x in ths:
        x.start()
    for x in ths:
        x.join()
    print("threads", sum(res))
    with mp.Pool(3) as p:
        print("pool", sum(p.map(work, [100, 1000, 10000])))
    q = mp.Queue()
    p = mp.Process(target=child, args=(q, os.getpid()))
    p.start()
    print("process", q.get())
    p.join()
    print("exitcode", p.exitcode)
