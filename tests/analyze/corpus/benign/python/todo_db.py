"""A tiny todo list backed by an in-memory sqlite database."""
import sqlite3
from datetime import date

SCHEMA = """
CREATE TABLE todo (
    id      INTEGER PRIMARY KEY,
    title   TEXT NOT NULL,
    due     TEXT,
    done    INTEGER DEFAULT 0
)
"""


class TodoStore:
    def __init__(self, path=":memory:"):
        self.conn = sqlite3.connect(path)
        self.conn.execute(SCHEMA)

    def add(self, title, due=None):
        cur = self.conn.cursor()
        cur.execute("INSERT INTO todo (title, due) VALUES (?, ?)", (title, due))
        return cur.lastrowid

    def add_many(self, items):
        self.conn.executemany("INSERT INTO todo (title, due) VALUES (?, ?)", items)

    def complete(self, todo_id):
        self.conn.execute("UPDATE todo SET done = 1 WHERE id = ?", (todo_id,))

    def delete(self, todo_id):
        self.conn.execute("DELETE FROM todo WHERE id = ?", (todo_id,))

    def pending(self):
        cur = self.conn.cursor()
        cur.execute("SELECT id, title, due FROM todo WHERE done = 0 ORDER BY due")
        return cur.fetchall()


if __name__ == "__main__":
    store = TodoStore()
    today = date.today().isoformat()
    first = store.add("write report", today)
    store.add_many([("review PR", today), ("execute migration plan", None), ("book flights", "2030-01-01")])
    store.complete(first)
    store.delete(first)
    for row in store.pending():
        print(*row, sep="\t")
