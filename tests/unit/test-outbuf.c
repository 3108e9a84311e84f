/* test-outbuf.c - outbuf.c: a bounded capture keeping the head and the tail */
#define _GNU_SOURCE

#include "kiln-test.h"

/* Expects outbuf_join to give exactly want (a C string). */
static void
check_join(const struct outbuf *o, const char *want)
{
	size_t	 len;
	char	*got = outbuf_join(o, &len);

	if (len != strlen(want) || memcmp(got, want, len) != 0)
		fail_msg("outbuf_join = \"%s\" (%zu bytes), want \"%s\"", got,
		    len, want);
	assert_int_equal(got[len], '\0');
	free(got);
}

/* Under the caps, everything is kept and there is no marker. */
static void
test_small(void **state)
{
	struct outbuf	o;

	(void)state;
	outbuf_init(&o, 4, 4);
	check_join(&o, "");
	assert_int_equal(outbuf_dropped(&o), 0);
	outbuf_add(&o, "abc", 3);
	check_join(&o, "abc");
	outbuf_add(&o, "def", 3);
	check_join(&o, "abcdef");
	outbuf_add(&o, "gh", 2);
	check_join(&o, "abcdefgh");
	assert_int_equal(outbuf_dropped(&o), 0);
	assert_int_equal(o.total, 8);
	outbuf_free(&o);
}

/* Over the caps: head, a marker with the count, tail. */
static void
test_head_and_tail(void **state)
{
	struct outbuf	o;

	(void)state;
	outbuf_init(&o, 4, 4);
	outbuf_add(&o, "abcdefghijkl", 12);
	assert_int_equal(outbuf_dropped(&o), 4);
	assert_int_equal(o.total, 12);
	check_join(&o, "abcd\n[kiln: 4 bytes dropped here]\nijkl");
	outbuf_add(&o, "m", 1);
	assert_int_equal(outbuf_dropped(&o), 5);
	check_join(&o, "abcd\n[kiln: 5 bytes dropped here]\njklm");
	outbuf_add(&o, "", 0);
	assert_int_equal(outbuf_dropped(&o), 5);
	outbuf_free(&o);

	/* Just one byte over. */
	outbuf_init(&o, 3, 3);
	outbuf_add(&o, "1234567", 7);
	check_join(&o, "123\n[kiln: 1 bytes dropped here]\n567");
	outbuf_free(&o);
}

/* With no tail only the head is kept; with no head, only the tail. */
static void
test_zero_caps(void **state)
{
	struct outbuf	o;

	(void)state;
	outbuf_init(&o, 4, 0);
	outbuf_add(&o, "abcdefgh", 8);
	assert_int_equal(outbuf_dropped(&o), 4);
	check_join(&o, "abcd\n[kiln: 4 bytes dropped here]\n");
	outbuf_add(&o, "ij", 2);
	check_join(&o, "abcd\n[kiln: 6 bytes dropped here]\n");
	outbuf_free(&o);

	outbuf_init(&o, 0, 4);
	outbuf_add(&o, "ab", 2);
	check_join(&o, "ab");
	outbuf_add(&o, "cdefgh", 6);
	check_join(&o, "\n[kiln: 4 bytes dropped here]\nefgh");
	outbuf_free(&o);

	outbuf_init(&o, 0, 0);
	outbuf_add(&o, "abc", 3);
	assert_int_equal(outbuf_dropped(&o), 3);
	check_join(&o, "\n[kiln: 3 bytes dropped here]\n");
	outbuf_free(&o);
}

/* Binary data (NUL bytes) is kept as it is. */
static void
test_binary(void **state)
{
	struct outbuf	 o;
	size_t		 len;
	char		*got;

	(void)state;
	outbuf_init(&o, 2, 2);
	outbuf_add(&o, "\0a\0b", 4);
	got = outbuf_join(&o, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(got, "\0a\0b", 4);
	free(got);
	outbuf_free(&o);
}

/* The naive model: everything kept, then cut as outbuf promises. */
static char *
model_join(const char *all, size_t total, size_t head_cap, size_t tail_cap,
    size_t *len, uint64_t *dropped)
{
	struct buf	b = { 0 };
	size_t		head = total < head_cap ? total : head_cap;
	size_t		rest = total - head;
	size_t		tail = rest < tail_cap ? rest : tail_cap;

	*dropped = rest - tail;
	buf_append(&b, all, head);
	if (*dropped > 0)
		buf_printf(&b, "\n[kiln: %llu bytes dropped here]\n",
		    (unsigned long long)*dropped);
	buf_append(&b, all + total - tail, tail);
	*len = b.len;
	return buf_steal(&b);
}

/* Many cap sizes, random chunk sizes: the ring always matches the model. */
static void
test_ring_against_model(void **state)
{
	static const size_t	heads[] = { 0, 1, 3, 8 };
	static const size_t	tails[] = { 0, 1, 2, 3, 5, 7, 16, 64 };
	char			all[4096], chunk[256];
	struct outbuf		o;
	uint64_t		seed = 0x6f757462, dropped;
	size_t			h, t, total, n, k, glen, wlen;
	char			*got, *want;
	int			round, step;

	(void)state;
	for (h = 0; h < sizeof heads / sizeof heads[0]; h++) {
		for (t = 0; t < sizeof tails / sizeof tails[0]; t++) {
			for (round = 0; round < 20; round++) {
				outbuf_init(&o, heads[h], tails[t]);
				total = 0;
				for (step = 0; step < 40; step++) {
					/* Sizes around the tail's size matter most. */
					n = kt_rand(&seed) % (2 * tails[t] + 4);
					if (n > sizeof chunk)
						n = sizeof chunk;
					if (total + n > sizeof all)
						break;
					for (k = 0; k < n; k++)
						chunk[k] = (char)('!' +
						    (total + k) % 90);
					memcpy(all + total, chunk, n);
					total += n;
					outbuf_add(&o, chunk, n);

					assert_int_equal(o.total, total);
					want = model_join(all, total, heads[h],
					    tails[t], &wlen, &dropped);
					assert_int_equal(outbuf_dropped(&o), dropped);
					got = outbuf_join(&o, &glen);
					if (glen != wlen || memcmp(got, want, glen) != 0)
						fail_msg("head %zu tail %zu round %d "
						    "step %d: \"%s\", want \"%s\"",
						    heads[h], tails[t], round, step,
						    got, want);
					free(got);
					free(want);
				}
				outbuf_free(&o);
			}
		}
	}
}

/* One byte at a time round a small ring, many times over. */
static void
test_byte_at_a_time(void **state)
{
	struct outbuf	 o;
	char		 c, *got;
	size_t		 len, i;

	(void)state;
	outbuf_init(&o, 2, 5);
	for (i = 0; i < 1000; i++) {
		c = (char)('a' + i % 26);
		outbuf_add(&o, &c, 1);
	}
	got = outbuf_join(&o, &len);
	/* 1000 bytes: "ab", then 993 dropped, then bytes 995..999. */
	assert_string_equal(got, "ab\n[kiln: 993 bytes dropped here]\nhijkl");
	free(got);
	outbuf_free(&o);
	/* outbuf_free twice is harmless. */
	outbuf_free(&o);
}

/* A large capture, as runs use (megabytes), with one big write. */
static void
test_large(void **state)
{
	const size_t	 cap = 1 << 20, n = 5 << 20;
	struct outbuf	 o;
	char		*data = xmalloc(n), *got;
	size_t		 i, len;

	(void)state;
	for (i = 0; i < n; i++)
		data[i] = (char)(i * 7 + i / 4096);
	outbuf_init(&o, cap, cap);
	outbuf_add(&o, data, 3);
	outbuf_add(&o, data + 3, n - 3);
	assert_int_equal(outbuf_dropped(&o), n - 2 * cap);
	got = outbuf_join(&o, &len);
	assert_memory_equal(got, data, cap);
	assert_memory_equal(got + len - cap, data + n - cap, cap);
	free(got);
	free(data);
	outbuf_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_head_and_tail),
		cmocka_unit_test(test_zero_caps),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_ring_against_model),
		cmocka_unit_test(test_byte_at_a_time),
		cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests_name("outbuf", tests, NULL, NULL);
}
