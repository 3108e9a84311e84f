/* flood.c - writes 1 GiB to standard output in 64 KiB write()s: the
 * output-throughput benchmark (see tests/bench/README.md). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#define CHUNK	(64 * 1024)
#define TOTAL	(1024L * 1024 * 1024)

int
main(void)
{
	static char	buf[CHUNK];
	long		left = TOTAL;
	size_t		off;
	ssize_t		n;

	memset(buf, 'x', sizeof buf);
	for (off = 63; off < sizeof buf; off += 64)
		buf[off] = '\n';
	while (left > 0) {
		for (off = 0; off < sizeof buf; off += (size_t)n) {
			n = write(1, buf + off, sizeof buf - off);
			if (n < 0 && errno == EINTR) {
				n = 0;
				continue;
			}
			if (n <= 0)
				return 1;
		}
		left -= CHUNK;
	}
	return 0;
}
