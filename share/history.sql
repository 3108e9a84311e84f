-- history.sql - the schema of kiln's run history, for people with sqlite3(1).
--
-- kiln records every `kiln run` in one SQLite database:
--
--     $XDG_DATA_HOME/kiln/history.db     (default ~/.local/share/kiln/history.db)
--
-- or the file named by `--db PATH` or by `path` under `[history]` in the
-- configuration file. Open it with
--
--     sqlite3 ~/.local/share/kiln/history.db
--
-- This file is documentation. kiln creates and upgrades the schema itself
-- (src/history.c, one migration per version); the statements below are the
-- schema a history of the current version has, in the order of its columns,
-- and running them creates the same tables. A database made from this file
-- alone is not a kiln history: kiln recognises its own files by
-- PRAGMA application_id and PRAGMA user_version, and refuses the others.
--
-- Reading the history while kiln runs is safe. Writing to it by hand is
-- possible (the triggers keep the full-text index in step), but kiln owns
-- the file: back it up first (`sqlite3 history.db ".backup copy.db"`).
--
--
-- THE FILE
--
--   PRAGMA application_id = 1802071150;   -- 0x6b696c6e, "kiln" in ASCII
--   PRAGMA user_version = 5;              -- the schema version
--   PRAGMA journal_mode = WAL;            -- kept in the file
--
-- The file is created with mode 0600 and its directories with 0700. In
-- WAL mode readers never block the writer; each kiln also waits up to 10 s
-- for another's write to finish, so several kilns can record at once. Each
-- connection of kiln turns PRAGMA foreign_keys on and uses
-- PRAGMA synchronous = NORMAL.
--
-- kiln refuses, and leaves as it is, a file that is not an SQLite database
-- or is corrupt, an SQLite database of another application (an
-- application_id other than kiln's, or tables without kiln's id), and a
-- history with a user_version above the one it knows (written by a newer
-- kiln). `kiln run` then exits with status 125 and says why; use
-- `--db PATH` or `--no-history`, or move the file aside.
--
--
-- UNITS
--
-- Times of day (*_ms at the end of a moment's name: created_ms,
-- finished_ms, decided_ms) are milliseconds since 1970-01-01 00:00 UTC:
-- datetime(created_ms / 1000, 'unixepoch', 'localtime') shows one.
-- Durations (wall_ms, cpu_ms, timeout_ms, cpu_limit_ms) are milliseconds.
-- Memory is in KiB (1024 bytes); sizes of output, files and disk are in
-- bytes.
--
--
-- STATUS VALUES (runs.status)
--
--   running         kiln is running it now (or was, see interrupted)
--   interrupted     its kiln died before the run ended: another kiln found
--                   it "running" with an owner that is no longer alive
--   ok              the program exited with status 0
--   error           the program exited with another status (exit_code)
--   signaled        a signal killed the program (signal), or kiln stopped
--                   it on SIGINT, SIGTERM or SIGHUP
--   timeout         it ran past its wall-clock limit (timeout_ms)
--   cpu-limit       its processes used more CPU time than cpu_limit_ms
--   memory-limit    its processes used more memory than memory_kb
--   output-limit    it wrote more than output_bytes
--   violation       the seccomp filter refused a system call (violation)
--                   and nothing else went wrong
--   compile-error   the compile step failed; the program did not run
--   internal-error  kiln failed after the run was recorded (for example,
--                   the sandbox could not be set up)
--   blocked, rejected
--                   reserved for the approval policy and the review queue
--
-- kiln run's --json output names the same statuses (kiln(1), STATUSES).


-- One row per run, written when the run starts (status 'running') and
-- updated once when it ends; each write is one transaction.
CREATE TABLE runs (
  -- The run's number: `kiln history show ID`, and "id" in `kiln run
  -- --json`. Never reused while the newest run is kept. Also the rowid of
  -- runs_fts.
  id INTEGER PRIMARY KEY,
  -- When the run was recorded, just before it started (ms since the epoch).
  created_ms INTEGER NOT NULL,
  -- When its end was recorded, or when it was found interrupted; NULL while
  -- it runs.
  finished_ms INTEGER,
  -- Who ran it: the Unix user name of the kiln process (its uid as text if
  -- the name is unknown).
  user TEXT NOT NULL,
  -- The language's name in languages.conf ("python", "c", "bash", ...).
  language TEXT NOT NULL,
  -- The program's source, UTF-8 text of at most 1 MiB, as it was run.
  code TEXT NOT NULL,
  -- SHA-256 of the bytes of code, as 64 lowercase hexadecimal digits: the
  -- same program always has the same hash.
  code_sha256 TEXT NOT NULL,
  -- What the program was given on its standard input, byte for byte; NULL
  -- when it was given nothing. From `--stdin FILE`, at most the first MiB
  -- (see stdin_truncated). Input streamed from a pipe is not kept.
  stdin BLOB,
  -- How the run ended: one of the STATUS VALUES above.
  status TEXT NOT NULL,
  -- The program's exit status; NULL unless it exited by itself.
  exit_code INTEGER,
  -- The signal that killed the program (9 when kiln enforced a limit);
  -- NULL unless one did.
  signal INTEGER,
  -- The name of the first system call the seccomp filter refused ("mount",
  -- "unshare", or "i386:..." / "x32:..." for another ABI), else NULL.
  violation TEXT,
  -- Wall-clock time of the run step, in ms; the compile step is not
  -- included, and it is 0 when the program did not run.
  wall_ms INTEGER,
  -- CPU time, user plus system, of all the run step's processes, in ms.
  cpu_ms INTEGER,
  -- The highest memory use seen, in KiB: the larger of the highest total
  -- PSS kiln sampled and the peak resident set of the largest process.
  peak_memory_kb INTEGER,
  -- What the program wrote to its standard output and standard error, as
  -- it wrote the bytes (they are not checked to be UTF-8, and may hold NUL
  -- bytes: use CAST(stdout AS BLOB) or length() with care). Each stream
  -- keeps its first and last 2 MiB; where bytes were dropped between them
  -- a line "[kiln: N bytes dropped here]" marks the gap. Empty when it
  -- wrote nothing; NULL while the run is running.
  stdout TEXT,
  stderr TEXT,
  -- The compile step's standard output and standard error together (empty
  -- when the compiler said nothing); NULL for a language without a compile
  -- step.
  compile_output TEXT,
  -- 1 when the output limit cut the output short or bytes were dropped
  -- from stdout or stderr, else 0.
  output_truncated INTEGER NOT NULL DEFAULT 0,
  -- The limits of the run step: wall clock (ms), CPU time of all its
  -- processes (ms), memory of all its processes (KiB), processes and
  -- threads, and stdout plus stderr (bytes).
  timeout_ms INTEGER,
  cpu_limit_ms INTEGER,
  memory_kb INTEGER,
  pids INTEGER,
  output_bytes INTEGER,
  -- The run this one ran again (`kiln history rerun`); NULL when it was
  -- none, or when that run has since been deleted.
  rerun_of INTEGER REFERENCES runs(id) ON DELETE SET NULL,
  -- The runtime's version as its version command (languages.conf) printed
  -- it, first line only ("Python 3.11.2"); NULL when unknown.
  runtime_version TEXT,
  -- 1 when stdin holds less than the program was given (a --stdin file of
  -- more than 1 MiB, or input from a pipe), else 0.
  stdin_truncated INTEGER NOT NULL DEFAULT 0,
  -- More limits: the largest file it may write (bytes), open files per
  -- process, and the size of its workspace and of its /tmp (bytes).
  file_bytes INTEGER,
  open_files INTEGER,
  disk_bytes INTEGER,
  -- CPU and memory over the run, for drawing its gauges afterwards; NULL
  -- when the run was too short to be sampled. A sequence of points of
  -- TIMELINE_POINT = 12 bytes each, three little-endian unsigned 32-bit
  -- integers per point:
  --   bytes 0..3    ms since the program started (its run step)
  --   bytes 4..7    CPU ms used by then, all its processes together
  --   bytes 8..11   memory in KiB: the highest sampled since the previous
  --                 point
  -- At most 512 points (6 KiB). A point is taken every 250 ms; when a long
  -- run fills the 512, neighbours merge in pairs (the later time and CPU,
  -- the higher memory) and the interval doubles, so a run of any length
  -- fits and no memory peak is lost by merging. length(timeline) / 12 is
  -- the number of points.
  timeline BLOB,
  -- The analyzer's risk level ("low", "medium", "high", "critical") and its
  -- warnings as a JSON array; NULL when the code was not analyzed.
  risk TEXT,
  warnings TEXT,
  -- The approval of risky code: the decision, who made it, when (ms since
  -- the epoch), how, and the reason they gave. NULL when no approval was
  -- asked for.
  decision TEXT,
  decided_by TEXT,
  decided_ms INTEGER,
  decided_how TEXT,
  decision_reason TEXT,
  -- While the run is running: the kiln process recording it, as
  -- "PID/BOOT-ID/START-TIME" (its start time in clock ticks after boot,
  -- from /proc/PID/stat), so that another kiln can tell a live run from
  -- one whose kiln died. NULL once the run has ended.
  owner TEXT,

  -- What a rerun needs besides the limits above (schema 3; NULL in runs
  -- recorded before it, which ran with the defaults):
  net TEXT,                   -- 'none' (its own loopback) or 'host'
  compile_timeout_ms INTEGER, -- the compile step's wall-clock limit
  compile_memory_kb INTEGER,  -- the compile step's memory limit

  -- The shared queue (schema 5; kiln serve). A submitted run is a row from
  -- the start: status 'waiting' (for a reviewer), 'queued' (for a worker),
  -- then 'running' and how it ended; or 'cancelled' by its submitter,
  -- 'rejected' by a reviewer, 'interrupted' when kiln serve stopped while
  -- it ran. user is then the submitter's name.
  submitter_uid INTEGER,      -- the submitter's uid (SO_PEERCRED); NULL
                              -- for runs that did not come through a queue
  source_name TEXT,           -- the file name given with the submission
  started_ms INTEGER,         -- when a worker took it (ms since the epoch)
  error TEXT                  -- why, for status 'internal-error'
);

-- Newest-first listing, filtering and keyset paging use these: a page of
-- `kiln history list` or of the workbench's history browser costs the same
-- at the 100,000th run as at the first. Each is in id order after its
-- equality columns, so a page stops after its rows without a sort, and
-- holds the other filters' columns, so only matching runs are read from
-- the table (schema 4). A risk level is a partial index of the runs at
-- that level or above; kiln names the index a query uses (INDEXED BY).
CREATE INDEX runs_created ON runs(created_ms);
CREATE INDEX runs_language ON runs(language, id, status, created_ms);
CREATE INDEX runs_status ON runs(status, id, language, created_ms);
CREATE INDEX runs_language_status ON runs(language, status, id, created_ms);
CREATE INDEX runs_risk_low ON runs(id, language, status, created_ms)
  WHERE risk IN ('low', 'medium', 'high', 'critical');
CREATE INDEX runs_risk_medium ON runs(id, language, status, created_ms)
  WHERE risk IN ('medium', 'high', 'critical');
CREATE INDEX runs_risk_high ON runs(id, language, status, created_ms)
  WHERE risk IN ('high', 'critical');
CREATE INDEX runs_risk_critical ON runs(id, language, status, created_ms)
  WHERE risk = 'critical';
CREATE INDEX runs_rerun_of ON runs(rerun_of);
-- Each submitter's runs of the last hour, for the queue's per-user cap.
CREATE INDEX runs_submitter ON runs(submitter_uid, created_ms)
  WHERE submitter_uid IS NOT NULL;

-- Full-text search over the code and the output (FTS5, the unicode61
-- tokenizer: words, case and accents folded). An external-content table:
-- it stores only the index, and reads the text from runs. Search it with
-- MATCH (FTS5 query syntax); kiln's own search takes the words it is given
-- as one phrase, quoted, so they are never query syntax. A column filter
-- limits the search: runs_fts MATCH 'stderr: Traceback'.
CREATE VIRTUAL TABLE runs_fts USING fts5(
  code, stdout, stderr, content='runs', content_rowid='id');

-- The triggers keep runs_fts in step with runs, whoever writes.
CREATE TRIGGER runs_fts_insert AFTER INSERT ON runs BEGIN
  INSERT INTO runs_fts(rowid, code, stdout, stderr)
  VALUES (new.id, new.code, new.stdout, new.stderr);
END;
CREATE TRIGGER runs_fts_delete AFTER DELETE ON runs BEGIN
  INSERT INTO runs_fts(runs_fts, rowid, code, stdout, stderr)
  VALUES ('delete', old.id, old.code, old.stdout, old.stderr);
END;
CREATE TRIGGER runs_fts_update AFTER UPDATE OF code, stdout, stderr
  ON runs BEGIN
  INSERT INTO runs_fts(runs_fts, rowid, code, stdout, stderr)
  VALUES ('delete', old.id, old.code, old.stdout, old.stderr);
  INSERT INTO runs_fts(rowid, code, stdout, stderr)
  VALUES (new.id, new.code, new.stdout, new.stderr);
END;

-- A cache of runtime versions, so that a run need not ask its runtime:
-- kept per language and binary for as long as the binary stays the same
-- file. Deleting rows is harmless; kiln asks again.
CREATE TABLE runtimes (
  -- The language's name in languages.conf.
  language TEXT NOT NULL,
  -- The runtime binary's real path ("/usr/bin/python3.11").
  exe TEXT NOT NULL,
  -- Which file it was: "INODE:SIZE:MTIME" (mtime as seconds.nanoseconds).
  exe_id TEXT NOT NULL,
  -- What its version command printed, first line.
  version TEXT NOT NULL,
  PRIMARY KEY (language, exe));


-- EXAMPLE QUERIES
--
-- The ten slowest runs that finished:
--
--   SELECT id, language, status, wall_ms, cpu_ms,
--          datetime(created_ms / 1000, 'unixepoch', 'localtime') AS at
--   FROM runs WHERE finished_ms IS NOT NULL
--   ORDER BY wall_ms DESC LIMIT 10;
--
-- Runs by language: how many, how many ok, typical time, highest memory:
--
--   SELECT language, count(*) AS runs, sum(status = 'ok') AS ok,
--          round(avg(wall_ms)) AS avg_wall_ms,
--          max(peak_memory_kb) AS max_kb
--   FROM runs GROUP BY language ORDER BY runs DESC;
--
-- How runs ended this week:
--
--   SELECT status, count(*) FROM runs
--   WHERE created_ms >= strftime('%s', 'now', '-7 days') * 1000
--   GROUP BY status ORDER BY 2 DESC;
--
-- Full-text search: the newest runs whose code or output mention
-- ValueError, with the words around it:
--
--   SELECT runs.id, runs.language, runs.status,
--          snippet(runs_fts, -1, '[', ']', '...', 8) AS context
--   FROM runs_fts JOIN runs ON runs.id = runs_fts.rowid
--   WHERE runs_fts MATCH 'ValueError'
--   ORDER BY runs.id DESC LIMIT 20;
--
-- A phrase, only in standard error; and prefix search:
--
--   SELECT rowid FROM runs_fts WHERE runs_fts MATCH 'stderr: "division by zero"';
--   SELECT rowid FROM runs_fts WHERE runs_fts MATCH 'numpy*';
--
-- Every run of the same program (same code, byte for byte) as run 42:
--
--   SELECT id, status, wall_ms FROM runs
--   WHERE code_sha256 = (SELECT code_sha256 FROM runs WHERE id = 42)
--   ORDER BY id;
--
-- Runs cut short because their kiln died, and reruns of a run:
--
--   SELECT id, language, created_ms FROM runs WHERE status = 'interrupted';
--   SELECT id, status FROM runs WHERE rerun_of = 42;
--
-- The timeline of run 42 as rows (ms, cpu_ms, memory_kb):
--
--   WITH RECURSIVE
--     t(h) AS (SELECT hex(timeline) FROM runs WHERE id = 42),
--     i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i, t
--              WHERE (n + 1) * 24 < length(h)),
--     j(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM j WHERE k < 11),
--     b(n, k, v) AS (
--       SELECT n, k, (instr('0123456789ABCDEF',
--                       substr(h, (n * 12 + k) * 2 + 1, 1)) - 1) * 16 +
--                     instr('0123456789ABCDEF',
--                       substr(h, (n * 12 + k) * 2 + 2, 1)) - 1
--       FROM i, t, j)
--   SELECT n,
--     sum(CASE WHEN k < 4 THEN v << (8 * k) END) AS ms,
--     sum(CASE WHEN k BETWEEN 4 AND 7 THEN v << (8 * (k - 4)) END) AS cpu_ms,
--     sum(CASE WHEN k >= 8 THEN v << (8 * (k - 8)) END) AS memory_kb
--   FROM b GROUP BY n ORDER BY n;
--
-- (or, in Python: struct.iter_unpack('<III', timeline)).
--
-- Keep the newest 1,000 runs and give the space back (what
-- `kiln history prune --keep 1000` does):
--
--   DELETE FROM runs WHERE status <> 'running' AND id NOT IN
--     (SELECT id FROM runs ORDER BY id DESC LIMIT 1000);
--   VACUUM;
