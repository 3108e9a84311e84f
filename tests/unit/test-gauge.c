/* test-gauge.c - gauge.c: the usage model and its sparklines */
#define _GNU_SOURCE
#include <math.h>

#include "kiln-test.h"
#include "ui.h"

/* The slot width the history starts with (gauge.c's GAUGE_SLOT_MS). */
#define SLOT_MS	100

/* One sample: ms into the run, CPU ms so far, memory KiB, processes. */
static void
sample(struct gauges *g, uint64_t ms, uint64_t cpu_ms, uint64_t kb,
    unsigned nprocs)
{
	struct usage	u = { cpu_ms * 1000, kb, nprocs };

	gauges_sample(g, ms, &u, ms * 10);
}

/* Expects a float within 0.01 of want. */
static void
check_near(double got, double want)
{
	if (fabs(got - want) > 0.01)
		fail_msg("%g, want %g", got, want);
}

/* Expects the sparkline of values to be exactly want. */
static void
check_spark(const float *v, size_t n, size_t width, float max, int utf8,
    const char *want)
{
	char	*s = gauges_sparkline(v, n, width, max, utf8);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

/* Characters (not bytes) in a UTF-8 string. */
static size_t
nchars(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* A reset zeroes everything and keeps the limits. */
static void
test_reset(void **state)
{
	struct gauges	g;
	struct limits	l;

	(void)state;
	limits_default_run(&l);
	memset(&g, 0x5a, sizeof g);
	gauges_reset(&g, &l);
	assert_int_equal(g.nhist, 0);
	assert_int_equal(g.elapsed_ms, 0);
	assert_int_equal(g.peak_kb, 0);
	assert_int_equal(g.last_ms, 0);
	assert_int_equal(g.last_cpu_ms, 0);
	assert_true(g.cpu_percent == 0);
	assert_memory_equal(&g.limits, &l, sizeof l);
	gauges_reset(&g, NULL);
	assert_int_equal(g.limits.memory_kb, 0);
	assert_int_equal(g.limits.timeout_ms, 0);
}

/* CPU percent is the CPU delta over the wall delta, of one core. */
static void
test_cpu_percent(void **state)
{
	struct gauges	g;

	(void)state;
	gauges_reset(&g, NULL);
	sample(&g, 1000, 500, 100, 1);		/* half a core */
	check_near(g.cpu_percent, 50);
	assert_int_equal(g.cpu_ms, 500);
	assert_int_equal(g.elapsed_ms, 1000);
	sample(&g, 2000, 2500, 100, 4);		/* two cores: 200% */
	check_near(g.cpu_percent, 200);
	sample(&g, 2500, 2500, 100, 4);		/* idle */
	check_near(g.cpu_percent, 0);
	sample(&g, 2600, 2600, 100, 4);		/* busy again */
	check_near(g.cpu_percent, 100);
	/* No time passed: the last figure stands. */
	sample(&g, 2600, 2700, 100, 4);
	check_near(g.cpu_percent, 100);
	assert_int_equal(g.cpu_ms, 2700);
	/* Time never runs backwards. */
	sample(&g, 100, 2800, 100, 4);
	assert_int_equal(g.elapsed_ms, 2600);
	check_near(g.cpu_percent, 100);
	/* The CPU of those samples counts in the next interval. */
	sample(&g, 2700, 2800, 100, 4);
	check_near(g.cpu_percent, 200);
	/* The counter began again (a new step): what it counts is new. */
	sample(&g, 2800, 50, 100, 4);
	check_near(g.cpu_percent, 50);
	/* CPU counts in whole milliseconds. */
	gauges_reset(&g, NULL);
	sample(&g, 20, 0, 0, 1);
	check_near(g.cpu_percent, 0);
	gauges_sample(&g, 40, &(struct usage){ 19999, 0, 1 }, 0);
	assert_int_equal(g.cpu_ms, 19);
	check_near(g.cpu_percent, 95);
}

/* Memory now and at its peak, processes and output bytes. */
static void
test_memory_and_counts(void **state)
{
	struct gauges	g;
	struct usage	u = { 0, 0, 0 };

	(void)state;
	gauges_reset(&g, NULL);
	sample(&g, 100, 0, 1000, 1);
	sample(&g, 200, 0, 5000, 3);
	sample(&g, 300, 0, 2000, 2);
	assert_int_equal(g.memory_kb, 2000);
	assert_int_equal(g.peak_kb, 5000);
	assert_int_equal(g.nprocs, 2);
	assert_int_equal(g.output_bytes, 3000);
	u.memory_kb = 100;
	gauges_sample(&g, 400, &u, 7);
	assert_int_equal(g.memory_kb, 100);
	assert_int_equal(g.peak_kb, 5000);
	assert_int_equal(g.nprocs, 0);
	assert_int_equal(g.output_bytes, 7);
}

/* A short run: a slot per SLOT_MS, CPU weighted by time, memory the max. */
static void
test_history_short(void **state)
{
	struct gauges	g;
	uint64_t	ms;

	(void)state;
	gauges_reset(&g, NULL);
	/* Every 20 ms for a second: 100% for 500 ms, then idle. */
	for (ms = 20; ms <= 1000; ms += 20)
		sample(&g, ms, ms <= 500 ? ms : 500, ms == 260 ? 9000 : 1000,
		    1);
	assert_int_equal(g.nhist, 1000 / SLOT_MS + 1);
	check_near(g.cpu_hist[0], 100);
	check_near(g.cpu_hist[4], 100);
	check_near(g.cpu_hist[6], 0);
	check_near(g.cpu_hist[9], 0);
	/* [500, 600): samples at 520..580 idle, 500 itself was busy. */
	check_near(g.cpu_hist[5], 0);
	check_near(g.mem_hist[2], 9000);
	check_near(g.mem_hist[1], 1000);
	check_near(g.mem_hist[3], 1000);
}

/* A gap between samples fills the slots it skipped. */
static void
test_history_gap(void **state)
{
	struct gauges	g;
	size_t		i;

	(void)state;
	gauges_reset(&g, NULL);
	sample(&g, 50, 0, 1000, 1);
	sample(&g, 1050, 1000, 3000, 1);
	assert_int_equal(g.nhist, 11);
	/* Slot 0: idle for 50 ms, then busy for 50. */
	check_near(g.cpu_hist[0], 50);
	for (i = 1; i < 11; i++)
		check_near(g.cpu_hist[i], 100);
	for (i = 0; i < 10; i++)
		check_near(g.mem_hist[i], 1000);
	check_near(g.mem_hist[10], 3000);
	/* A first sample late into the run. */
	gauges_reset(&g, NULL);
	sample(&g, 350, 350, 2000, 1);
	assert_int_equal(g.nhist, 4);
	for (i = 0; i < 4; i++)
		check_near(g.cpu_hist[i], 100);
	check_near(g.mem_hist[3], 2000);
}

/*
 * A long run halves the history's resolution as often as it must: the
 * whole run fits, the CPU averages hold, and no memory spike is lost.
 */
static void
test_history_long(void **state)
{
	struct gauges	g;
	uint64_t	ms, cpu = 0, rng = 42, spike_at;
	double		sum = 0, w;
	float		peak = 0;
	size_t		i, slot_ms;

	(void)state;
	gauges_reset(&g, NULL);
	spike_at = 20 * (1 + kt_rand(&rng) % 150000);
	/* An hour at 20 ms: busy for the first half, then half a core. */
	for (ms = 20; ms <= 3600 * 1000; ms += 20) {
		cpu += ms <= 1800 * 1000 ? 20 : (ms % 40 == 0 ? 20 : 0);
		sample(&g, ms, cpu, ms == spike_at ? 1 << 30 :
		    1000 + kt_rand(&rng) % 1000, 2);
		if (g.nhist > GAUGE_HISTORY)
			fail_msg("nhist %zu at %llu ms", g.nhist,
			    (unsigned long long)ms);
	}
	assert_true(g.nhist > GAUGE_HISTORY / 2);
	assert_true(g.nhist <= GAUGE_HISTORY);
	assert_int_equal(g.peak_kb, 1 << 30);
	for (i = 0; i < g.nhist; i++)
		if (g.mem_hist[i] > peak)
			peak = g.mem_hist[i];
	check_near(peak, 1 << 30);
	/* The slots cover the whole hour, and not twice over. */
	slot_ms = SLOT_MS;
	while (3600 * 1000 / slot_ms >= GAUGE_HISTORY)
		slot_ms *= 2;
	assert_int_equal(g.nhist, 3600 * 1000 / slot_ms + 1);
	/* The spike is in its own time's slot. */
	check_near(g.mem_hist[spike_at / slot_ms], 1 << 30);
	/* Busy, then half a core: the graph says so on each side. */
	check_near(g.cpu_hist[1], 100);
	check_near(g.cpu_hist[1800 * 1000 / slot_ms - 2], 100);
	for (i = 1800 * 1000 / slot_ms + 1; i + 1 < g.nhist; i++)
		if (fabs(g.cpu_hist[i] - 50) > 1)
			fail_msg("slot %zu: %g%%", i, g.cpu_hist[i]);
	/* Weighted by time, the history's CPU is the run's CPU. */
	for (i = 0; i < g.nhist; i++) {
		w = i + 1 < g.nhist ? (double)slot_ms :
		    (double)(3600 * 1000 - i * slot_ms);
		sum += g.cpu_hist[i] * w / 100;
	}
	if (fabs(sum - (double)cpu) > (double)cpu * 0.001)
		fail_msg("history holds %g ms of CPU, the run %llu", sum,
		    (unsigned long long)cpu);
}

/* Halving with an odd count and a partly covered last slot. */
static void
test_history_halving_edges(void **state)
{
	struct gauges	g;
	uint64_t	end = GAUGE_HISTORY * SLOT_MS;
	float		peak = 0;
	size_t		i;

	(void)state;
	gauges_reset(&g, NULL);
	/* Every slot filled at 100%, the last one only just begun. */
	sample(&g, end - 1, end - 1, 500, 1);
	assert_int_equal(g.nhist, GAUGE_HISTORY);
	/* Idle for 1 ms more: the next slot needs a halving. */
	sample(&g, end, end - 1, 700, 1);
	assert_int_equal(g.nhist, GAUGE_HISTORY / 2 + 1);
	check_near(g.cpu_hist[GAUGE_HISTORY / 2 - 1], 100 * 199.0 / 200);
	check_near(g.cpu_hist[GAUGE_HISTORY / 2], 0);
	check_near(g.mem_hist[GAUGE_HISTORY / 2], 700);
	check_near(g.mem_hist[GAUGE_HISTORY / 2 - 1], 500);
	/* Before the first sample, nothing was known. */
	check_near(g.mem_hist[0], 0);
	/* A jump far ahead halves several times at once. */
	sample(&g, end * 8, end - 1, 100, 1);
	assert_true(g.nhist <= GAUGE_HISTORY);
	assert_int_equal(g.nhist, GAUGE_HISTORY / 2 + 1);
	check_near(g.cpu_hist[GAUGE_HISTORY / 2], 0);
	check_near(g.mem_hist[GAUGE_HISTORY / 2], 100);
	for (i = 0; i < g.nhist; i++)
		if (g.mem_hist[i] > peak)
			peak = g.mem_hist[i];
	check_near(peak, 700);
	/* And at the end of time, it still fits. */
	sample(&g, UINT64_MAX / 2, end, 100, 1);
	assert_true(g.nhist <= GAUGE_HISTORY);
	sample(&g, UINT64_MAX, end, 100, 1);
	assert_true(g.nhist <= GAUGE_HISTORY && g.nhist > 0);
}

/* Sparklines: fewer values than cells are right-aligned. */
static void
test_sparkline_short(void **state)
{
	static const float	v[] = { 0, 1, 2, 3, 4, 5, 6, 7 };

	(void)state;
	check_spark(v, 8, 8, 7, 0, " .:-=+*#");
	check_spark(v, 8, 12, 7, 0, "     .:-=+*#");
	check_spark(v, 8, 8, 7, 1,
	    "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588");
	check_spark(v, 3, 5, 0, 1, "  \u2581\u2585\u2588");
	check_spark(v, 0, 4, 0, 0, "    ");
	check_spark(NULL, 0, 3, 0, 1, "   ");
	check_spark(v, 8, 0, 7, 1, "");
	check_spark(v, 0, 0, 0, 0, "");
}

/* More values than cells: each cell shows the highest of its share. */
static void
test_sparkline_downsample(void **state)
{
	float	v[100];
	char	*s;
	size_t	i, w;

	(void)state;
	for (i = 0; i < 100; i++)
		v[i] = 0;
	v[37] = 50;			/* one spike, in cell 3 of 10 */
	check_spark(v, 100, 10, 50, 0, "   #      ");
	check_spark(v, 100, 10, 100, 0, "   =      ");
	check_spark(v, 100, 1, 0, 0, "#");
	for (i = 0; i < 100; i++)
		v[i] = (float)i;
	check_spark(v, 100, 7, 99, 0, ".:-=+*#");
	/* Every width, in both forms: exactly width cells. */
	for (w = 1; w <= 130; w++) {
		s = gauges_sparkline(v, 100, w, 0, 1);
		assert_int_equal(nchars(s), w);
		free(s);
		s = gauges_sparkline(v, 100, w, 0, 0);
		assert_int_equal(strlen(s), w);
		/* The last cell holds the highest value. */
		assert_int_equal(s[w - 1], '#');
		free(s);
	}
}

/* Scales: a given max clips, auto-scales to the data, odd values are safe. */
static void
test_sparkline_scale(void **state)
{
	static const float	big[] = { 50, 100, 200, 1e9f };
	static const float	zero[] = { 0, 0, 0 };
	static const float	tiny[] = { 0.001f, 100 };
	float			odd[4];

	(void)state;
	/* Percent of a core over 100: full. */
	check_spark(big, 4, 4, 100, 0, "=###");
	check_spark(big, 3, 3, -1, 0, ":=#");
	check_spark(zero, 3, 3, 0, 0, "   ");
	check_spark(zero, 3, 3, 0, 1, "\u2581\u2581\u2581");
	/* Anything above nothing shows. */
	check_spark(tiny, 2, 2, 0, 0, ".#");
	odd[0] = NAN;
	odd[1] = -5;
	odd[2] = INFINITY;
	odd[3] = 1;
	check_spark(odd, 4, 4, 10, 0, "  #.");
	check_spark(odd, 4, 4, 0, 0, "  #.");
	check_spark(odd, 4, 2, 10, 0, " #");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_cpu_percent),
		cmocka_unit_test(test_memory_and_counts),
		cmocka_unit_test(test_history_short),
		cmocka_unit_test(test_history_gap),
		cmocka_unit_test(test_history_long),
		cmocka_unit_test(test_history_halving_edges),
		cmocka_unit_test(test_sparkline_short),
		cmocka_unit_test(test_sparkline_downsample),
		cmocka_unit_test(test_sparkline_scale),
	};

	return cmocka_run_group_tests_name("gauge", tests, NULL, NULL);
}
