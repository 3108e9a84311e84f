/*
 * gauge.c - the run's usage as numbers over time: the model behind the
 * CPU, memory and wall-clock gauges (drawing them is someone else's job).
 *
 * The history is kept by time, as src/timeline.c keeps a finished run's:
 * slot i of cpu_hist and mem_hist covers [i * w, (i + 1) * w) ms of the
 * run, where the slot width w starts at GAUGE_SLOT_MS and doubles (pairs
 * of slots merging: CPU averaged, memory the higher) whenever the run
 * outgrows GAUGE_HISTORY slots. So the whole run always fits, a spike of
 * memory is never lost, and w follows from the time of the last sample
 * alone, without more state. A slot's CPU is the time-weighted mean of the
 * samples that cover it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define GAUGE_SLOT_MS	100	/* the width of a slot to begin with */

static uint64_t	gauge_slot_width(uint64_t);
static void	gauge_halve(struct gauges *, uint64_t);
static void	gauge_add_history(struct gauges *, uint64_t, double,
		    uint64_t);
static int	gauge_level(float, float);

/* Zeroes the gauges for a new run with these limits (NULL: none). */
void
gauges_reset(struct gauges *g, const struct limits *limits)
{
	memset(g, 0, sizeof *g);
	if (limits != NULL)
		g->limits = *limits;
}

/* The slot width in force once the run has lasted ms. */
static uint64_t
gauge_slot_width(uint64_t ms)
{
	uint64_t	w = GAUGE_SLOT_MS;

	while (ms / w >= GAUGE_HISTORY)
		w *= 2;
	return w;
}

/*
 * Merges the slots of width w in pairs. The last slot is covered only up
 * to the last sample, so its CPU weighs by that much in its pair.
 */
static void
gauge_halve(struct gauges *g, uint64_t w)
{
	size_t		i, a, b, open = g->nhist - 1;
	uint64_t	covered = g->last_ms - open * w;
	double		wb;

	for (i = 0; 2 * i < g->nhist; i++) {
		a = 2 * i;
		b = a + 1;
		if (b >= g->nhist) {
			g->cpu_hist[i] = g->cpu_hist[a];
			g->mem_hist[i] = g->mem_hist[a];
			continue;
		}
		wb = (double)(b == open ? covered : w);
		g->cpu_hist[i] = (float)(((double)g->cpu_hist[a] * (double)w +
		    (double)g->cpu_hist[b] * wb) / ((double)w + wb));
		g->mem_hist[i] = g->mem_hist[a] > g->mem_hist[b] ?
		    g->mem_hist[a] : g->mem_hist[b];
	}
	g->nhist = (g->nhist + 1) / 2;
}

/*
 * Records a sample at ms: percent covers (last_ms, ms], kb is the memory
 * at ms. Slots the sample skipped over get its CPU and the memory held
 * from before.
 */
static void
gauge_add_history(struct gauges *g, uint64_t ms, double percent,
    uint64_t kb)
{
	uint64_t	w, old_w, start, old, add;
	size_t		slot, j, k;
	float		held = (float)g->memory_kb;

	if (g->nhist > GAUGE_HISTORY)	/* only if someone wrote over it */
		g->nhist = GAUGE_HISTORY;
	w = gauge_slot_width(ms);
	if (g->nhist > 0)
		for (old_w = gauge_slot_width(g->last_ms); old_w < w;
		    old_w *= 2)
			gauge_halve(g, old_w);
	slot = (size_t)(ms / w);
	if (g->nhist > 0) {
		j = g->nhist - 1;
		start = (uint64_t)j * w;
		old = g->last_ms > start ? g->last_ms - start : 0;
		add = ms - start < w ? ms - g->last_ms :
		    start + w - g->last_ms;
		if (old + add > 0)
			g->cpu_hist[j] = (float)(((double)g->cpu_hist[j] *
			    (double)old + percent * (double)add) /
			    (double)(old + add));
		if (slot == j && (float)kb > g->mem_hist[j])
			g->mem_hist[j] = (float)kb;
	}
	for (k = g->nhist; k <= slot; k++) {
		g->cpu_hist[k] = (float)percent;
		g->mem_hist[k] = k == slot ? (float)kb : held;
	}
	if (slot + 1 > g->nhist)
		g->nhist = slot + 1;
}

/*
 * Takes a sample: elapsed_ms since the run began, its usage then, and the
 * bytes it has written so far. Time never runs backwards here: an earlier
 * elapsed_ms counts as the last one.
 */
void
gauges_sample(struct gauges *g, uint64_t elapsed_ms, const struct usage *u,
    uint64_t output_bytes)
{
	uint64_t	cpu_ms = u->cpu_us / 1000, dcpu, dt;
	double		percent = g->cpu_percent;

	if (elapsed_ms < g->last_ms)
		elapsed_ms = g->last_ms;
	dt = elapsed_ms - g->last_ms;
	/* A smaller total means the counter began again (a new step). */
	dcpu = cpu_ms >= g->last_cpu_ms ? cpu_ms - g->last_cpu_ms : cpu_ms;
	if (dt > 0)
		percent = (double)dcpu * 100.0 / (double)dt;
	gauge_add_history(g, elapsed_ms, percent, u->memory_kb);

	g->elapsed_ms = elapsed_ms;
	g->cpu_ms = cpu_ms;
	g->cpu_percent = percent;
	g->memory_kb = u->memory_kb;
	if (u->memory_kb > g->peak_kb)
		g->peak_kb = u->memory_kb;
	g->nprocs = u->nprocs;
	g->output_bytes = output_bytes;
	g->last_ms = elapsed_ms;
	/* CPU reported with no time passed counts in the next interval. */
	if (dt > 0)
		g->last_cpu_ms = cpu_ms;
}

/* Which of the 8 levels v is on a scale to max: 0 only for nothing. */
static int
gauge_level(float v, float max)
{
	double	r;
	int	l;

	if (!(v > 0) || !(max > 0))
		return 0;
	r = (double)v / (double)max * 7.0;
	if (!(r < 7))
		return 7;
	l = (int)r;		/* rounded up, without libm */
	if ((double)l < r)
		l++;
	return l < 1 ? 1 : l;
}

/*
 * Draws n values as a sparkline width cells wide: several values to a
 * cell (their highest) when there are more values than cells, right-
 * aligned after blanks when fewer. max <= 0 scales to the values' own
 * highest. Returns UTF-8 blocks with utf8, else ASCII; the caller frees it.
 */
char *
gauges_sparkline(const float *values, size_t n, size_t width, float max,
    int utf8)
{
	static const char	ascii[] = " .:-=+*#";
	struct buf		b = { 0 };
	size_t			i, cell, from, to, pad;
	float			v;
	char			glyph[3];

	if (values == NULL)
		n = 0;
	if (!(max > 0)) {
		max = 0;
		for (i = 0; i < n; i++)
			if (values[i] > max)
				max = values[i];
	}
	pad = n < width ? width - n : 0;
	for (cell = 0; cell < pad; cell++)
		buf_append(&b, " ", 1);
	for (cell = 0; cell < width - pad; cell++) {
		if (n > width) {
			from = (size_t)((uint64_t)cell * n / width);
			to = (size_t)((uint64_t)(cell + 1) * n / width);
		} else {
			from = cell;
			to = cell + 1;
		}
		v = values[from];
		for (i = from + 1; i < to; i++)
			if (values[i] > v || isnan(v))
				v = values[i];
		if (utf8) {
			/* U+2581 LOWER ONE EIGHTH BLOCK and up. */
			glyph[0] = (char)0xe2;
			glyph[1] = (char)0x96;
			glyph[2] = (char)(0x81 + gauge_level(v, max));
			buf_append(&b, glyph, 3);
		} else
			buf_append(&b, &ascii[gauge_level(v, max)], 1);
	}
	return buf_steal(&b);
}
